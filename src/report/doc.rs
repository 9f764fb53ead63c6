//! A document written as Markdown or as plain text: a title, headings,
//! paragraphs, labelled fields, bullets and tables.

use super::Format;

/// A document written as Markdown or as plain text.
pub struct Doc {
    pub format: Format,
    pub out: String,
}

impl Doc {
    pub fn new(format: Format) -> Doc {
        Doc {
            format,
            out: String::new(),
        }
    }

    pub fn title(&mut self, s: &str) {
        match self.format {
            Format::Markdown => self.out.push_str(&format!("# {s}\n\n")),
            Format::Text => self
                .out
                .push_str(&format!("{s}\n{}\n\n", "=".repeat(s.chars().count()))),
        }
    }

    pub fn heading(&mut self, s: &str) {
        match self.format {
            Format::Markdown => self.out.push_str(&format!("## {s}\n\n")),
            Format::Text => self
                .out
                .push_str(&format!("{s}\n{}\n\n", "-".repeat(s.chars().count()))),
        }
    }

    pub fn para(&mut self, s: &str) {
        if !s.trim().is_empty() {
            self.out.push_str(s.trim_end());
            self.out.push_str("\n\n");
        }
    }

    pub fn field(&mut self, label: &str, value: &str) {
        if value.trim().is_empty() {
            return;
        }
        match self.format {
            Format::Markdown => self
                .out
                .push_str(&format!("**{label}:** {}  \n", value.trim())),
            Format::Text => self.out.push_str(&format!("{label}: {}\n", value.trim())),
        }
    }

    /// A paragraph of lines, each kept on its own.
    pub fn lines(&mut self, lines: &[String]) {
        let sep = match self.format {
            // A line break in Markdown needs two spaces before it.
            Format::Markdown => "  \n",
            Format::Text => "\n",
        };
        self.para(&lines.join(sep));
    }

    /// A labelled text of the worker's own, its line breaks kept; nothing
    /// when it is empty.
    pub fn labelled(&mut self, label: &str, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let label = match self.format {
            Format::Markdown => format!("**{label}:**"),
            Format::Text => format!("{label}:"),
        };
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines[0] = format!("{label} {}", lines[0]);
        self.lines(&lines);
    }

    pub fn bullets(&mut self, items: &[String]) {
        for item in items.iter().filter(|i| !i.trim().is_empty()) {
            let mut lines = item.trim().lines();
            if let Some(first) = lines.next() {
                self.out.push_str(&format!("- {first}\n"));
            }
            for l in lines {
                // Markdown keeps the item's line break only after two spaces.
                if self.format == Format::Markdown {
                    self.out.insert_str(self.out.len() - 1, "  ");
                }
                self.out.push_str(&format!("  {l}\n"));
            }
        }
        if !items.is_empty() {
            self.out.push('\n');
        }
    }

    pub fn table(&mut self, head: &[&str], rows: &[Vec<String>]) {
        match self.format {
            Format::Markdown => {
                self.out.push_str(&format!("| {} |\n", head.join(" | ")));
                self.out.push_str(&format!(
                    "|{}\n",
                    head.iter().map(|_| "---|").collect::<String>()
                ));
                for r in rows {
                    self.out.push_str(&format!("| {} |\n", r.join(" | ")));
                }
            }
            Format::Text => {
                let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
                for r in rows {
                    for (i, c) in r.iter().enumerate() {
                        widths[i] = widths[i].max(c.chars().count());
                    }
                }
                let line = |cells: Vec<String>| -> String {
                    let padded: Vec<String> = cells
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let pad = widths[i].saturating_sub(c.chars().count());
                            if i == 0 {
                                format!("{c}{}", " ".repeat(pad))
                            } else {
                                format!("{}{c}", " ".repeat(pad))
                            }
                        })
                        .collect();
                    format!("  {}\n", padded.join("   ").trim_end())
                };
                self.out
                    .push_str(&line(head.iter().map(|h| h.to_string()).collect()));
                for r in rows {
                    self.out.push_str(&line(r.clone()));
                }
            }
        }
        self.out.push('\n');
    }

    /// The document, ending in one line break.
    pub fn finish(self) -> String {
        self.out.trim_end().to_string() + "\n"
    }
}
