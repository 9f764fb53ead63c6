//! Word wrapping for lists that must show their words whole: a line
//! breaks between words, and only a word wider than the line is cut.

/// `text` in lines of at most `width` characters; each line break of the
/// text starts a new line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut used = 0;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let w = word.chars().count();
            if used > 0 && used + 1 + w > width {
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            // A word wider than a line is cut into lines of its own.
            let mut rest: Vec<char> = word.chars().collect();
            while used + rest.len() > width {
                let room = width - used;
                line.extend(rest.drain(..room));
                out.push(std::mem::take(&mut line));
                used = 0;
            }
            used += rest.len();
            line.extend(rest);
        }
        out.push(line);
    }
    out
}

/// Words followed by a tail that stays in one piece (a date and how late),
/// right-aligned: on the last line of the words when it fits there, else
/// on a line of its own.
pub fn wrap_with_tail(text: &str, tail: &str, width: usize) -> Vec<String> {
    let mut lines = wrap(text, width);
    let tail_w = tail.chars().count();
    let last_w = lines.last().map_or(0, |l| l.chars().count());
    if last_w + 2 + tail_w <= width {
        if let Some(last) = lines.last_mut() {
            let pad = width - last_w - tail_w;
            last.push_str(&" ".repeat(pad));
            last.push_str(tail);
        }
    } else {
        let pad = width.saturating_sub(tail_w);
        lines.push(format!("{}{tail}", " ".repeat(pad)));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_stay_whole_and_long_words_are_cut() {
        assert_eq!(
            wrap("Lägesrapport till socialsekreterare", 20),
            vec!["Lägesrapport till", "socialsekreterare"]
        );
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
        assert_eq!(wrap("", 5), vec![""]);
    }

    #[test]
    fn the_tail_keeps_together_at_the_right() {
        assert_eq!(
            wrap_with_tail("Avslutsrapport", "2026-10-13 40 d", 32),
            vec!["Avslutsrapport   2026-10-13 40 d"]
        );
        assert_eq!(
            wrap_with_tail("Lägesrapport till socialsekreterare", "idag", 20),
            vec![
                "Lägesrapport till",
                "socialsekreterare",
                "                idag"
            ]
        );
    }
}
