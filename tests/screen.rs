//! Snapshots of the real screen on demo data with a fixed today, rendered
//! on ratatui's TestBackend, and a sweep of window sizes down to 1x1.

mod support;

use insats::app::{Action, Effect};
use insats::i18n::Lang;
use insats::keymap::Keymap;
use insats::ui::{Theme, View, render_buffer};
use support::screen::{demo_app, now, shot, text};

#[test]
fn main_screen() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path(), Lang::Sv);
    insta::assert_snapshot!("main_80x24", shot(&app, 80, 24));
    insta::assert_snapshot!("main_120x36", shot(&app, 120, 36));
}

#[test]
fn overdue_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::En);
    app.update(Action::OverdueView, now());
    insta::assert_snapshot!("overdue_80x24", shot(&app, 80, 24));
    insta::assert_snapshot!("overdue_120x36", shot(&app, 120, 36));
}

#[test]
fn the_overdue_view_names_families_by_what_tells_them_apart() {
    use insats::domain::{case::Case, due::Rules, record::Record};
    use insats::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let start = now().date() - chrono::Days::new(40);
    for (code, family) in [
        ("2026-200", "Familjen Lindqvist-Öberg"),
        ("2026-201", "Familjen Lindqvist-Nilsson"),
    ] {
        let case = Case::new(code, family, start);
        (store.insert_case(&Record::new(code, 0, case, "AS", now()))).unwrap();
    }
    let mut app =
        insats::app::App::new(store, now().date(), Rules::default(), "AS".into(), Lang::Sv)
            .unwrap();
    app.update(Action::OverdueView, now());
    // At 80 columns the family column is narrow: the names go without
    // the words they share.
    let narrow = shot(&app, 80, 24);
    assert!(narrow.contains("2026-200 Öberg "), "{narrow}");
    assert!(narrow.contains("2026-201 Nilsson "), "{narrow}");
    assert!(!narrow.contains("Familjen …"), "{narrow}");
    // With room, they are whole.
    let wide = shot(&app, 160, 48);
    assert!(
        wide.contains("2026-200 Familjen Lindqvist-Öberg "),
        "{wide}"
    );
    assert!(
        wide.contains("2026-201 Familjen Lindqvist-Nilsson "),
        "{wide}"
    );
}

#[test]
fn a_small_window_shows_one_pane_with_a_tab_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::En);
    app.update(Action::FocusIncidents, now());
    let screen = shot(&app, 60, 16);
    let first = screen.lines().next().unwrap();
    assert!(
        first.starts_with(" 1 │ 2 │ 3 │ 4 Incident analyses"),
        "{screen}"
    );
    assert!(screen.contains("BREAK POINT"), "{screen}");
    assert!(
        !screen.contains("┌ 3 Goal") && !screen.contains("┌ 2 Fas"),
        "{screen}"
    );
    insta::assert_snapshot!("incidents_60x16", screen);
}

#[test]
fn help_lists_the_keys_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::En);
    app.update(Action::FocusChecklist, now());
    app.update(Action::Help, now());
    let screen = shot(&app, 80, 24);
    assert!(screen.contains("Keys — Checklist"), "{screen}");
    assert!(
        screen.contains("space, x") && screen.contains("check step"),
        "{screen}"
    );
    assert!(screen.contains("next phase"), "{screen}");
    // Generated from the keymap: a vim map shows its own keys.
    let vim = Keymap::load(Some("vim"), None).unwrap();
    let buf = render_buffer(
        &View {
            app: &app,
            keymap: &vim,
            theme: Theme { color: false },
        },
        80,
        36,
    );
    let with_vim = text(&buf);
    assert!(
        with_vim
            .lines()
            .any(|l| l.contains(" j ") || l.contains("down, j") || l.contains("j, down")),
        "{with_vim}"
    );
}

#[test]
fn every_size_down_to_1x1_renders_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    let scenes: [&[Action]; 5] = [
        &[],
        &[Action::OverdueView],
        &[Action::Back, Action::Help],
        &[Action::Back, Action::FocusIncidents],
        &[Action::CaseDetails],
    ];
    let keymap = Keymap::load(None, None).unwrap();
    for actions in scenes {
        for a in actions {
            assert_ne!(app.update(*a, now()), Effect::Quit);
        }
        for w in (1..=130).step_by(7).chain([1, 2, 20, 79, 80]) {
            for h in (1..=40).step_by(3).chain([1, 2, 6, 23, 24]) {
                let buf = render_buffer(
                    &View {
                        app: &app,
                        keymap: &keymap,
                        theme: Theme::from_env(),
                    },
                    w,
                    h,
                );
                assert_eq!(buf.area.width, w);
            }
        }
    }
}

#[test]
fn without_colour_focus_and_flags_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path(), Lang::En);
    let screen = shot(&app, 80, 24);
    // Focus: the case list has the double border, the others single.
    assert!(
        screen.lines().next().unwrap().starts_with("╔ 1 Cases"),
        "{screen}"
    );
    assert!(screen.contains("┌ 2 Fas"), "{screen}");
    // Flags: a symbol per case, and words with counts in the status bar.
    assert!(screen.lines().any(|l| l.starts_with("║▸! ")), "{screen}");
    assert!(screen.lines().any(|l| l.starts_with("║ ~ ")), "{screen}");
    assert!(screen.lines().any(|l| l.starts_with("║ · ")), "{screen}");
    assert!(
        screen.contains("! 14 overdue") && screen.contains("~ 7 due soon"),
        "{screen}"
    );
}

#[test]
fn editors() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.update(Action::NewNote, now());
    insta::assert_snapshot!("note_editor_80x24", shot(&app, 80, 24));
    app.update(Action::Cancel, now());
    app.update(Action::FocusIncidents, now());
    app.update(Action::Open, now());
    let screen = shot(&app, 80, 24);
    assert!(screen.contains("▶3. Tanke"), "{screen}");
    insta::assert_snapshot!("incident_editor_80x24", screen);
    app.update(Action::Cancel, now());
    app.update(Action::History, now());
    insta::assert_snapshot!("history_80x24", shot(&app, 80, 24));
}

/// Rendering reads the app's state, never the store: every case selected
/// in turn, every pane focused, the overdue view, the history, the help
/// and the statistics drawn at three sizes, and not one read of the store
/// between the action and the next.
#[test]
fn rendering_never_reads_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    let panes = [
        Action::FocusCases,
        Action::FocusChecklist,
        Action::FocusReflections,
        Action::FocusIncidents,
    ];
    let overlays = [
        None,
        Some(Action::OverdueView),
        Some(Action::History),
        Some(Action::Help),
        Some(Action::CaseDetails),
    ];
    let mut drawn = 0;
    for _ in 0..app.visible.len() {
        for pane in panes {
            for overlay in overlays {
                app.update(pane, now());
                if let Some(open) = overlay {
                    app.update(open, now());
                }
                let reads = app.store.reads();
                for (w, h) in [(80, 24), (160, 48), (40, 12)] {
                    shot(&app, w, h);
                    drawn += 1;
                }
                assert_eq!(app.store.reads(), reads, "a frame read the store");
                if overlay.is_some() {
                    app.update(Action::Back, now());
                }
            }
        }
        app.update(Action::FocusCases, now());
        app.update(Action::Down, now());
    }
    assert!(drawn > 300, "{drawn}");
    // And the counter counts: an action that selects reads.
    let reads = app.store.reads();
    app.update(Action::Top, now());
    assert!(app.store.reads() > reads);
}

#[test]
fn the_editor_help_says_how_to_reach_fields_and_choices_past_nine() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::En);
    app.update(Action::NewNote, now());
    app.update(Action::Help, now());
    let screen = shot(&app, 120, 40);
    assert!(
        screen.contains("alt-1…9: go to field 1–9, later fields by tab"),
        "{screen}"
    );
    assert!(
        screen.contains("several choices: digit 1–9 toggles, ←/→ and"),
        "{screen}"
    );
}

/// `I`: the persons, the social secretary, the assignment, the reasons,
/// the phases and the goals of the selected case, at every size; in Fas 1
/// the goals too.
#[test]
fn case_details() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.update(Action::CaseDetails, now());
    let screen = shot(&app, 80, 24);
    for words in [
        "Ärendeuppgifter — 2026-105 Fam Rönn",
        "Sam, ungdom, f. 2012",
        "Maria Ström, Barn och unga, maria.strom@kommun.example",
        "Uppdrag",
        "stöd i föräldrarollen",
        "Fas 2 Behandlingsarbete · från 2026-06-25",
        "1. Trygga gränser",
    ] {
        assert!(screen.contains(words), "{words}\n{screen}");
    }
    insta::assert_snapshot!("details_80x24", screen);
    insta::assert_snapshot!("details_160x48", shot(&app, 160, 48));
    // A small window: each label above its values, the first ones in sight.
    let small = shot(&app, 40, 12);
    assert!(small.contains("Personer"), "{small}");
    assert!(small.contains("  Mamma, förälder"), "{small}");
    // A case in Fas 1 shows its goals.
    app.update(Action::Back, now());
    app.filter = "2026-101".into();
    app.refresh_visible();
    app.update(Action::CaseDetails, now());
    let fas1 = shot(&app, 80, 24);
    assert!(fas1.contains("Fas 1 Inledande arbete"), "{fas1}");
    assert!(!fas1.contains("Fas 2 Behandlingsarbete"), "{fas1}");
    assert!(
        fas1.contains("1. Gemensamma regler för kvällar · aktivt"),
        "{fas1}"
    );
}

/// From 120 columns the selected case is named with its persons and its
/// social secretary above its panes; below, the panes keep every row.
#[test]
fn a_wide_screen_has_a_header_of_the_selected_case() {
    let dir = tempfile::tempdir().unwrap();
    let app = demo_app(dir.path(), Lang::Sv);
    let wide = shot(&app, 160, 48);
    let first = wide.lines().next().unwrap();
    assert!(
        first.contains("2026-105 Fam Rönn · Mamma, Pappa, Sam (f. 2012) · Soc.sekr. Maria Ström"),
        "{wide}"
    );
    let narrow = shot(&app, 80, 24);
    assert!(!narrow.contains("Soc.sekr."), "{narrow}");
}

/// In Fas 1 the reflections pane says why there are none, and shows the
/// goals already set.
#[test]
fn in_fas_1_the_goals_show_in_pane_3() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.filter = "2026-101".into();
    app.refresh_visible();
    app.update(Action::FocusCases, now());
    let screen = shot(&app, 80, 24);
    let pane: Vec<&str> = screen
        .lines()
        .skip_while(|l| !l.contains("3 Målreflektioner"))
        .take(6)
        .collect();
    let pane = pane.join("\n");
    assert!(pane.contains("Målreflektioner görs i Fas 2."), "{screen}");
    assert!(
        pane.contains("1. Gemensamma regler för kvällar"),
        "{screen}"
    );
    assert!(pane.contains("2. Lugnare morgnar"), "{screen}");
}
