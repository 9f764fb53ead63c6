//! Snapshots of the screens issue 10 changed, at 80x24 and 60x20: the
//! notes in sight, a record read, earlier versions in the history, the
//! overdue view with whole words, forms that show what they hold, the
//! help wrapped. Demo data, a fixed today, no colour.

mod support;

use insats::app::{Action, App, Overlay, PromptKey};
use insats::domain::due::Rules;
use insats::i18n::Lang;
use insats::store::Store;
use support::screen::{demo_app, now, shot, today};

fn select(app: &mut App, code: &str) {
    let i = app.row_of(code).unwrap();
    app.jump_to(i);
    app.update(Action::FocusCases, now());
}

#[test]
fn the_notes_pane_latest_first_at_80x24_and_60x20() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.update(Action::FocusNotes, now());
    let wide = shot(&app, 80, 24);
    assert!(wide.contains("╔ 5 Anteckningar 1/27"), "{wide}");
    assert!(wide.contains("4 Händelseanalyser"), "{wide}");
    insta::assert_snapshot!("notes_80x24", wide);
    insta::assert_snapshot!("notes_60x20", shot(&app, 60, 20));
    // Wide enough, the incidents and the notes stand side by side.
    let side = shot(&app, 200, 50);
    assert!(side.contains("4 Händelseanalyser 1/1") && side.contains("5 Anteckningar 1/27"));
}

#[test]
fn a_note_read_at_80x24_and_60x20() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.update(Action::FocusNotes, now());
    app.update(Action::Open, now());
    let screen = shot(&app, 80, 24);
    assert!(screen.contains("e ändra"), "{screen}");
    insta::assert_snapshot!("note_read_80x24", screen);
    insta::assert_snapshot!("note_read_60x20", shot(&app, 60, 20));
}

#[test]
fn an_earlier_version_selected_in_the_history_at_80x24_and_60x20() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    select(&mut app, "2026-105");
    app.update(Action::FocusNotes, now());
    app.update(Action::Edit, now());
    app.form_paste(" Tillägg.", now());
    app.update(Action::Save, now());
    app.update(Action::History, now());
    let rows = insats::app::history_rows(app.current().unwrap(), Lang::Sv);
    let pos = rows.iter().position(|r| !r.versions.is_empty()).unwrap();
    app.overlay = Some(Overlay::History {
        selected: pos,
        version: None,
    });
    app.update(Action::FocusNext, now());
    let screen = shot(&app, 80, 24);
    assert!(screen.contains("▸  ↳ 2026-11-16 15:00 AS"), "{screen}");
    insta::assert_snapshot!("history_version_80x24", screen);
    insta::assert_snapshot!("history_version_60x20", shot(&app, 60, 20));
    app.update(Action::Open, now());
    insta::assert_snapshot!("version_read_80x24", shot(&app, 80, 24));
}

#[test]
fn the_overdue_view_keeps_words_whole_at_80x24_and_60x20() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.update(Action::OverdueView, now());
    for (w, h) in [(80, 24), (60, 20)] {
        let screen = shot(&app, w, h);
        assert!(!screen.contains("…"), "cut at {w}x{h}:\n{screen}");
        assert!(screen.contains("Fas 1-rapport (insatsrapport)"), "{screen}");
        assert!(screen.contains("27 dagar sen"), "{screen}");
        insta::assert_snapshot!(format!("overdue_sv_{w}x{h}"), screen);
    }
}

#[test]
fn a_drafted_report_opens_with_its_first_fields_in_sight() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.update(Action::DraftReport, now());
    for (w, h) in [(80, 24), (60, 20)] {
        let screen = shot(&app, w, h);
        for field in [" 1 Slag", " 2 Period från", " 5 Mottagare", "▸6 Text"] {
            assert!(screen.contains(field), "{field} at {w}x{h}:\n{screen}");
        }
        insta::assert_snapshot!(format!("report_draft_{w}x{h}"), screen);
    }
}

#[test]
fn a_text_out_of_focus_says_it_holds_more() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    select(&mut app, "2026-107");
    app.update(Action::NewRating, now());
    app.form.as_mut().unwrap().focus = 0;
    for (w, h) in [(80, 24), (60, 20)] {
        let screen = shot(&app, w, h);
        assert!(screen.contains("… 4 rader till"), "{w}x{h}:\n{screen}");
        insta::assert_snapshot!(format!("rating_folded_{w}x{h}"), screen);
    }
}

#[test]
fn help_entries_wrap_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.update(Action::Help, now());
    app.update(Action::PageDown, now());
    let screen = shot(&app, 80, 24);
    assert!(!screen.contains('…'), "{screen}");
    assert!(screen.contains("(med skäl)"), "{screen}");
    insta::assert_snapshot!("help_80x24", screen);
}

#[test]
fn page_down_in_a_text_keeps_the_last_row_of_a_page_in_sight() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.update(Action::DraftReport, now());
    for (w, h) in [(80u16, 24u16), (60, 20)] {
        // Rows of the text: under the five fields and the label, above the
        // status bar.
        let (first, last) = (7, h as usize - 2);
        let mut page = shot(&app, w, h);
        for _ in 0..4 {
            app.form_input(
                tui_textarea::Input {
                    key: tui_textarea::Key::PageDown,
                    ..Default::default()
                },
                now(),
            );
            let next = shot(&app, w, h);
            let bottom = page.lines().nth(last).unwrap();
            let top = next.lines().nth(first).unwrap();
            assert_eq!(bottom, top, "at {w}x{h}:\n{page}\n{next}");
            page = next;
        }
        app.form_input(
            tui_textarea::Input {
                key: tui_textarea::Key::Char('<'),
                alt: true,
                ..Default::default()
            },
            now(),
        );
    }
}

#[test]
fn an_empty_start_names_the_key_of_a_new_case() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let app = App::new(store, today(), Rules::default(), "AS".into(), Lang::Sv).unwrap();
    for (w, h) in [(80, 24), (60, 20)] {
        let screen = shot(&app, w, h);
        assert!(screen.contains("N: nytt ärende"), "{w}x{h}:\n{screen}");
        insta::assert_snapshot!(format!("empty_start_{w}x{h}"), screen);
    }
}

#[test]
fn the_goal_under_the_cursor_is_marked_in_the_reflections_pane() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.update(Action::FocusReflections, now());
    app.update(Action::Down, now());
    for (w, h) in [(80, 24), (60, 20)] {
        let screen = shot(&app, w, h);
        assert!(screen.contains("▸Vuxen närvaro"), "{w}x{h}:\n{screen}");
        if w == 80 {
            assert!(screen.contains("e ändra målet (status)"), "{screen}");
        }
        insta::assert_snapshot!(format!("goal_cursor_{w}x{h}"), screen);
    }
}

#[test]
fn a_fourth_goal_scrolls_into_sight_in_the_reflections_pane_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    for title in ["Skolnärvaro varje dag", "Fjärde målet: läxläsning"] {
        app.update(Action::NewGoal, now());
        app.form_type(title, now());
        app.update(Action::Save, now());
        assert!(app.form.is_none(), "{:?}", app.message);
    }
    app.update(Action::FocusReflections, now());
    for _ in 0..3 {
        app.update(Action::Down, now());
    }
    let screen = shot(&app, 80, 24);
    let marked: Vec<&str> = screen.lines().filter(|l| l.contains('▸')).collect();
    assert!(
        marked.iter().any(|l| l.contains("▸Fjärde")),
        "the fourth goal is not marked in sight:\n{screen}"
    );
    // The pane says that it shows some of the goals.
    assert!(screen.contains("2–4/4"), "{screen}");
    for _ in 0..3 {
        app.update(Action::Up, now());
    }
    let screen = shot(&app, 80, 24);
    assert!(screen.contains("1–3/4"), "{screen}");
    assert!(screen.contains("▸Trygga gränser"), "{screen}");
}

/// The screen's last `n` rows joined by spaces.
fn foot(screen: &str, n: usize) -> String {
    let lines: Vec<&str> = screen.lines().collect();
    lines[lines.len().saturating_sub(n)..]
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_status_message_longer_than_the_line_is_read_whole_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    // Leaving an editor with text in it: the question whole.
    app.update(Action::NewNote, now());
    app.form_type("Något skrivet", now());
    app.update(Action::Cancel, now());
    let question = app.lang.forms().leave_question;
    for (w, h) in [(80, 24), (60, 20)] {
        let screen = shot(&app, w, h);
        assert!(foot(&screen, 2).contains(question), "{screen}");
        assert_eq!(screen.lines().count(), h as usize);
    }
    app.leave_answer(insats::app::Answer::Discard, now());
    assert!(app.form.is_none());
    // A field's error that its label line cuts is said at the foot.
    app.update(Action::NewCase, now());
    app.form_type("2026-301", now());
    app.update(Action::FocusNext, now());
    app.form_type("Fam Lång", now());
    let form = app.form.as_mut().unwrap();
    form.focus = form.fields.iter().position(|f| f.id == "persons").unwrap();
    app.form_type("Noah, sonen, 2012", now());
    app.update(Action::Save, now());
    let error = app
        .form
        .as_ref()
        .unwrap()
        .field("persons")
        .unwrap()
        .error
        .clone();
    let error = error.expect("the role is refused");
    let screen = shot(&app, 80, 24);
    assert!(foot(&screen, 2).contains(&error), "{error}\n{screen}");
    app.update(Action::Cancel, now());
    app.leave_answer(insats::app::Answer::Discard, now());
    assert!(app.form.is_none());
    // So is a date's error in the plan, its value pushed off the row.
    app.update(Action::EditPlan, now());
    let form = app.form.as_mut().expect("the plan opens");
    form.focus = form.fields.iter().position(|f| f.id == "set_on").unwrap();
    app.form_type("2099-08-20", now());
    app.update(Action::Save, now());
    let form = app.form.as_ref().expect("the plan stays open");
    let error = form.field("set_on").unwrap().error.clone();
    let error = error.expect("a future date is refused");
    let screen = shot(&app, 80, 24);
    assert!(foot(&screen, 2).contains(&error), "{error}\n{screen}");
    // And where the error fits its row but the date typed after it does
    // not (95 columns: label and error 89, the date 13 more).
    let form = app.form.as_mut().unwrap();
    form.focus = form.fields.iter().position(|f| f.id == "set_on").unwrap() - 1;
    app.update(Action::FocusNext, now());
    app.form_type("2099-08-20", now());
    app.update(Action::Save, now());
    let form = app.form.as_ref().expect("the plan stays open");
    let error = form.field("set_on").unwrap().error.clone();
    let error = error.expect("a future date is refused");
    assert!(error.contains("2099-08-20"), "{error}");
    let screen = shot(&app, 95, 24);
    assert!(foot(&screen, 2).contains(&error), "{error}\n{screen}");
    // A long message after a save, at 80 columns and at 40.
    app.update(Action::Cancel, now());
    app.leave_answer(insats::app::Answer::Discard, now());
    assert!(app.form.is_none());
    let long = "Ett meddelande som är längre än en rad på skärmen och som ändå måste gå att läsa i sin helhet.".to_string();
    app.message = Some(long.clone());
    for w in [80, 40] {
        let screen = shot(&app, w, 24);
        let rows = long.chars().count().div_ceil(w as usize) + 1;
        assert!(foot(&screen, rows).contains(&long), "{w}:\n{screen}");
    }
}

#[test]
fn a_form_scrolled_to_its_end_shows_no_label_without_its_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    let closed = app.row_of("2026-110").unwrap();
    app.jump_to(closed);
    app.update(Action::FollowUp, now());
    let form = app.form.as_mut().expect("the follow-up opens");
    form.focus = form.fields.len() - 1;
    let screen = shot(&app, 80, 24);
    let lines: Vec<&str> = screen.lines().collect();
    // The first row under the title is a whole field: a text field's
    // label is followed by its text, never by the next field's label.
    let first = lines[1].trim();
    assert!(
        !(first == "Övrigt" && lines[2].trim_start().starts_with("Person 2")),
        "{screen}"
    );
    insta::assert_snapshot!("follow_up_end_80x24", screen);
}

#[test]
fn a_text_out_of_focus_at_40x12_shows_its_start_and_counts_lines_not_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    select(&mut app, "2026-103");
    app.update(Action::NewNote, now());
    // Three lines, the first longer than a row at 40 columns.
    app.form_type(
        "Första raden är lång nog att brytas på tre rader här vid fyrtio kolumners bredd\nandra\ntredje",
        now(),
    );
    app.update(Action::FocusNext, now());
    let screen = shot(&app, 40, 12);
    assert!(screen.contains("  Första raden"), "{screen}");
    assert!(screen.contains("… 3 rader till"), "{screen}");
}

#[test]
fn the_checklist_at_40x12_keeps_a_space_before_each_phases_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    for code in ["2026-105", "2026-101", "2026-108"] {
        select(&mut app, code);
        app.update(Action::FocusChecklist, now());
        let screen = shot(&app, 40, 12);
        for line in screen
            .lines()
            .filter(|l| l.contains(" ▸ Fas ") && !l.starts_with(['╚', '└']))
        {
            let inner = line.trim_matches(|c| c == '║' || c == '│').trim_end();
            let words: Vec<&str> = inner.split_whitespace().collect();
            let count = words.last().unwrap();
            let count = if count.contains('-') && words.len() > 1 {
                words[words.len() - 2]
            } else {
                count
            };
            assert!(
                count == "↻" || count.split('/').all(|n| n.parse::<u32>().is_ok()),
                "{code}: {line}\n{screen}"
            );
        }
    }
}

#[test]
fn help_over_the_history_lists_the_historys_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.update(Action::History, now());
    app.update(Action::Help, now());
    let screen = shot(&app, 80, 24);
    assert!(screen.contains("Tangenter — Historik"), "{screen}");
    assert!(screen.contains("delete       ta bort en post"), "{screen}");
    assert!(
        !screen.contains(Lang::Sv.describe(Action::NewNote)),
        "{screen}"
    );
    app.update(Action::Help, now());
    assert!(matches!(app.overlay, Some(Overlay::History { .. })));
}

#[test]
fn a_paused_case_is_marked_in_the_list_beside_its_phase() {
    use insats::domain::case::{Case, CaseStatus};
    use insats::domain::record::Record;
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path(), Lang::Sv);
    let store = app.store;
    let mut case: Record<Case> = store.get("2026-104", 0).unwrap().unwrap();
    let mut paused = case.body.clone();
    paused.status = CaseStatus::Paused;
    case.edit(paused, "AS", now());
    store.put(&case).unwrap();
    let app = App::new(store, today(), Rules::default(), "AS".into(), Lang::Sv).unwrap();
    let screen = shot(&app, 80, 24);
    let row = screen.lines().find(|l| l.contains("2026-104")).unwrap();
    assert!(row.contains("‖2"), "{screen}");
    let other = screen.lines().find(|l| l.contains("2026-105")).unwrap();
    assert!(other.contains("F2"), "{screen}");
}

#[test]
fn pane_3_marks_only_owed_weeks_and_says_what_its_marks_mean() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    select(&mut app, "2026-105");
    // Sunday of week 47: week 46 late, week 47 still this week's.
    let screen = shot(&app, 120, 36);
    let marks = screen.lines().find(|l| l.contains("✓   ✓")).unwrap();
    assert!(marks.contains("✗   … ✗ saknas"), "{screen}");
    // A week earlier, only that week is owed: it is not called missing.
    let store = app.store;
    let sunday = "2026-11-15".parse().unwrap();
    let mut app = App::new(store, sunday, Rules::default(), "AS".into(), Lang::Sv).unwrap();
    select(&mut app, "2026-105");
    let screen = shot(&app, 120, 36);
    let marks = screen.lines().find(|l| l.contains("✓   ✓")).unwrap();
    assert!(marks.contains("… … pågår"), "{screen}");
    assert!(!marks.contains("saknas"), "{screen}");
}

#[test]
fn a_step_left_from_fas_1_is_named_once_in_the_checklist() {
    use insats::domain::case::Case;
    use insats::domain::record::Record;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut case = Case::new("2026-201", "Fam Ny", "2026-09-01".parse().unwrap());
    case.phase_forward("2026-10-13".parse().unwrap());
    store
        .insert_case(&Record::new("2026-201", 0, case, "AS", now()))
        .unwrap();
    let app = App::new(store, today(), Rules::default(), "AS".into(), Lang::Sv).unwrap();
    let screen = shot(&app, 120, 48);
    assert!(screen.contains("Fas 1-rapport"), "{screen}");
    assert!(!screen.contains("Fas 1 Fas 1-rapport"), "{screen}");
    assert!(screen.contains("Fas 1 Alliansskapande"), "{screen}");
}

#[test]
fn a_note_says_who_wrote_it_and_that_it_was_changed() {
    use insats::domain::note::Note;
    use insats::domain::record::Record;
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path(), Lang::Sv);
    let store = app.store;
    let (file, _) = store.load_case("2026-105").unwrap();
    let last = file.unwrap().notes.last().unwrap().seq;
    let mut note: Record<Note> = store.get("2026-105", last).unwrap().unwrap();
    let mut changed = note.body.clone();
    changed.text = format!("{} Tillägg.", changed.text);
    note.edit(changed, "JK", now());
    store.put(&note).unwrap();
    let mut app = App::new(store, today(), Rules::default(), "AS".into(), Lang::Sv).unwrap();
    select(&mut app, "2026-105");
    let screen = shot(&app, 80, 24);
    let row = screen.lines().find(|l| l.contains("▸2026-11-16")).unwrap();
    assert!(row.contains("AS ✎"), "{screen}");
    app.update(Action::FocusNotes, now());
    app.update(Action::Open, now());
    let screen = shot(&app, 80, 24);
    assert!(screen.contains("— AS 2026-11-16"), "{screen}");
    assert!(screen.contains("ändrad JK"), "{screen}");
}

#[test]
fn labels_keep_the_part_that_tells_cases_apart_and_use_the_width() {
    use insats::domain::case::Case;
    use insats::domain::record::Record;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for (code, family) in [
        ("2026-401", "Familjen Rönn"),
        ("2026-402", "Familjen Lind"),
        ("2026-403", "Familjen Andersson-Holmqvist"),
    ] {
        let case = Case::new(code, family, "2026-11-02".parse().unwrap());
        store
            .insert_case(&Record::new(code, 0, case, "AS", now()))
            .unwrap();
    }
    let app = App::new(store, today(), Rules::default(), "AS".into(), Lang::Sv).unwrap();
    let screen = shot(&app, 80, 24);
    let row = |code: &str| {
        screen
            .lines()
            .find(|l| l.contains(code))
            .unwrap()
            .to_string()
    };
    assert!(row("2026-401").contains("Rönn"), "{screen}");
    assert!(row("2026-402").contains("Lind"), "{screen}");
    let wide = shot(&app, 160, 48);
    assert!(wide.contains("Familjen Andersson-Holmqvist"), "{wide}");
}

/// The rows of the focused text field: under its label, above the next.
fn text_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip_while(|l| !l.starts_with("▸1 Text"))
        .skip(1)
        .take_while(|l| l.starts_with("  ") || l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn a_text_being_written_wraps_between_words_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.update(Action::NewNote, now());
    // Scores, week numbers and full stops at every place of a row.
    let text: String = (1..40)
        .map(|k| format!("{} skattade 8/10 (v. 46) i dag.", "o".repeat(k % 9 + 1)))
        .collect::<Vec<_>>()
        .join(" ");
    app.form_paste(&text, now());
    for (w, h) in [(80u16, 60u16), (61, 60), (40, 60), (47, 60)] {
        let rows = text_rows(&shot(&app, w, h));
        assert!(rows.len() > 5, "{rows:?}");
        for row in &rows {
            let bad = row.starts_with('.')
                || row.starts_with("10")
                || row.ends_with("8/")
                || row.ends_with("(v");
            assert!(!bad, "at {w} columns: {row:?} in\n{}", rows.join("\n"));
        }
        // Nothing is left out: the rows are the text.
        assert_eq!(rows.join(" "), text, "at {w} columns");
    }
    insta::assert_snapshot!("note_text_wrapped_80x24", shot(&app, 80, 24));
}

#[test]
fn goals_take_the_room_of_weeks_not_yet_there_in_pane_3() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path(), Lang::Sv);
    // Early in Fas 2 (it began 2026-06-25) there are two weeks to show:
    // the titles take the room of the weeks not yet there, and the week
    // columns still line up under their heads.
    let store = app.store;
    let day = "2026-07-05".parse().unwrap();
    let mut app = App::new(store, day, Rules::default(), "AS".into(), Lang::Sv).unwrap();
    select(&mut app, "2026-105");
    for (w, h) in [(80, 24), (160, 48)] {
        let screen = shot(&app, w, h);
        let head = screen.lines().find(|l| l.contains(" trend")).unwrap();
        let row = (screen.lines())
            .find(|l| l.contains("Vuxen närvaro på kvällar "))
            .unwrap_or_else(|| panic!("{screen}"));
        let col = |l: &str, s: &str| l[..l.find(s).unwrap()].chars().count();
        assert!(head.contains("v26 v27 trend"), "{screen}");
        assert_eq!(col(row, "▄"), col(head, "trend"), "{screen}");
    }
}

#[test]
fn a_question_at_the_foot_ends_in_one_colon() {
    let dir = tempfile::tempdir().unwrap();
    for lang in [Lang::Sv, Lang::En] {
        let mut app = demo_app(&dir.path().join(format!("{lang:?}")), lang);
        // The demo's Fam Rönn misses weeks of Fas 2.
        let owing = app.row_of("2026-105").unwrap();
        app.jump_to(owing);
        for action in [Action::NoContactWeek, Action::Filter] {
            app.update(action, now());
            assert!(app.prompt.is_some(), "{action:?}");
            let screen = shot(&app, 80, 24);
            let asked = foot(&screen, 1);
            assert!(asked.contains(": ▏") && !asked.contains(": :"), "{asked}");
            app.prompt_key(PromptKey::Cancel, now());
            assert!(app.prompt.is_none());
        }
    }
}

#[test]
fn a_question_at_40x12_keeps_its_answers_in_sight() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    // Removing a closed case asks at length: what goes, then how to answer.
    let closed = ["2026-109", "2026-110"]
        .into_iter()
        .find(|code| {
            select(&mut app, code);
            app.update(Action::PurgeCase, now());
            app.prompt.is_some()
        })
        .expect("a demo case can be removed");
    let screen = shot(&app, 40, 12);
    let asked = foot(&screen, 6);
    assert!(asked.contains(closed), "{screen}");
    assert!(asked.contains("Enter: ja · Esc: nej"), "{screen}");
    assert_eq!(screen.lines().count(), 12);
    // What it says once done (the screen removes it outside the app) is
    // read whole too.
    app.prompt_key(PromptKey::Cancel, now());
    assert!(app.prompt.is_none());
    let said = "2026-110 är rensat ur lagret och 10 säkerhetskopior. Kvar finns anonym statistik och en rad i rensningsloggen. Exporter du själv gjort är dina att radera.".to_string();
    app.message = Some(said.clone());
    let screen = shot(&app, 40, 12);
    assert!(foot(&screen, 6).contains(&said), "{said}\n{screen}");
}

#[test]
fn a_step_not_yet_done_takes_its_date_s_room_at_40x12() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    select(&mut app, "2026-102");
    app.update(Action::FocusChecklist, now());
    let screen = shot(&app, 40, 12);
    // Not done, so no date beside it: its name is whole.
    assert!(
        screen.contains("[ ] Fas 1-rapport (insatsrapport)"),
        "{screen}"
    );
    // A step done keeps its date.
    assert!(screen.contains("[x] Alliansskapande"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("[x]") && l.contains("2026-")),
        "{screen}"
    );
}

#[test]
fn the_help_lists_a_global_key_only_where_it_does_that() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    select(&mut app, "2026-105");
    // In pane 3, `e` ends a goal: the case editor's `e` is not offered.
    app.update(Action::FocusReflections, now());
    app.update(Action::Help, now());
    let screen = shot(&app, 80, 24);
    assert!(screen.contains("ändra målet"), "{screen}");
    assert!(!screen.contains("ändra ärende"), "{screen}");
    app.update(Action::Help, now());
    // In the case list it is.
    app.update(Action::FocusCases, now());
    app.update(Action::Help, now());
    let screen = shot(&app, 80, 24);
    assert!(screen.contains("ändra ärende"), "{screen}");
}

#[test]
fn pane_3_says_the_next_step_of_the_latest_week_not_the_last_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    // Fam Rönn misses weeks 46 and 47: this week's written, then 46's.
    select(&mut app, "2026-105");
    app.update(Action::FocusReflections, now());
    for (back, step) in [(0, "Steg i veckan"), (1, "Steg i förra veckan")] {
        for _ in 0..back {
            app.update(Action::WeekBack, now());
        }
        app.update(Action::NewReflection, now());
        let form = app.form.as_mut().expect("the reflection opens");
        form.focus = form
            .fields
            .iter()
            .position(|f| f.id == "next_step")
            .unwrap();
        app.form_type(step, now());
        app.update(Action::Save, now());
        assert!(app.form.is_none(), "{:?}", app.message);
    }
    let screen = shot(&app, 80, 24);
    assert!(screen.contains("→ Steg i veckan"), "{screen}");
    assert!(!screen.contains("→ Steg i förra"), "{screen}");
}
