//! An editor's values as plain text, for a file the worker names when the
//! store cannot keep them (a full disk): every field by its label, the
//! text whole, readable without insats.

use chrono::NaiveDateTime;

use super::form::{FieldKind, Form};

/// The form as text: its title and when, then each field, its label on a
/// line of its own and its value below.
pub fn as_text(form: &Form, at: NaiveDateTime) -> String {
    let mut out = format!("{}\n{}\n", form.title, at.format("%Y-%m-%d %H:%M"));
    for field in &form.fields {
        let value = match &field.kind {
            FieldKind::Text(ta) | FieldKind::Line(ta) | FieldKind::Date(ta) => {
                ta.lines().join("\n")
            }
            FieldKind::Choice { options, selected } => {
                options.get(*selected).cloned().unwrap_or_default()
            }
            FieldKind::Multi {
                options, chosen, ..
            } => options
                .iter()
                .zip(chosen)
                .map(|(o, on)| format!("[{}] {o}", if *on { "x" } else { " " }))
                .collect::<Vec<_>>()
                .join("  "),
            FieldKind::Toggle(on) => if *on { "[x]" } else { "[ ]" }.to_string(),
            FieldKind::Chain(_) => match field.value() {
                Some(super::Value::Chain(links, break_point)) => links
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let mark = if break_point == Some(i) { " ◀" } else { "" };
                        match l.intensity {
                            Some(n) => format!("{}. {} ({n}/10){mark}", i + 1, l.text),
                            None => format!("{}. {}{mark}", i + 1, l.text),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => String::new(),
            },
            FieldKind::Info(text) => text.clone(),
        };
        out.push_str(&format!("\n{}:\n{value}\n", field.label));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::form::{Field, FormKind};

    #[test]
    fn every_field_is_there_by_its_label_and_the_text_whole() {
        let form = Form::new(
            FormKind::Note {
                case: "2026-001".into(),
                seq: None,
                goals: vec![],
            },
            "Anteckning · 2026-001 Fam A".into(),
            vec![
                Field::text("text", "Text", "Rad ett\nrad två, åäö"),
                Field::date("date", "Datum", "2026-11-22"),
                Field::choice("place", "Plats", vec!["hem".into(), "lokal".into()], 1),
                Field::multi(
                    "who",
                    "Deltog",
                    vec!["mamma".into(), "barn".into()],
                    vec![true, false],
                ),
                Field::toggle("child", "Barnet med", true),
            ],
            "text",
        );
        let at = "2026-11-22T14:05:00".parse().unwrap();
        assert_eq!(
            as_text(&form, at),
            "Anteckning · 2026-001 Fam A\n2026-11-22 14:05\n\
             \nText:\nRad ett\nrad två, åäö\n\
             \nDatum:\n2026-11-22\n\
             \nPlats:\nlokal\n\
             \nDeltog:\n[x] mamma  [ ] barn\n\
             \nBarnet med:\n[x]\n"
        );
    }
}
