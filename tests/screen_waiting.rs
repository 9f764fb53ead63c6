//! The queued notes the inbox cannot take in, on the screen: counted in
//! the status bar, and listed whole (snapshots at 80x24 and 40x12).

mod support;

use insats::app::{Action, App};
use insats::domain::due::Rules;
use insats::i18n::Lang;
use insats::store::Store;
use insats::store::inbox::{queue_note, queued};
use support::screen::{demo_app, now, shot};

fn with_waiting(dir: &std::path::Path) -> App {
    drop(demo_app(dir, Lang::Sv));
    let text = "Hembesök hos familjen. Mamma berättade om veckan; barnet visade sitt rum.\n\
                Vi kom överens om att ses på torsdag.";
    for (case, text) in [("2026-1O1", text), ("2026-977", "Telefonsamtal")] {
        let note = queued(
            case,
            text,
            now().date(),
            now().time(),
            45,
            None,
            true,
            "Jag vill ha mer tid med pappa",
            "AS",
            now(),
        );
        queue_note(dir, &note).unwrap();
    }
    let store = Store::open(dir).unwrap();
    App::new(store, now().date(), Rules::default(), "AS".into(), Lang::Sv).unwrap()
}

#[test]
fn waiting_notes_are_counted_until_dealt_with_and_listed_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = with_waiting(dir.path());
    app.message = None;
    let main = shot(&app, 80, 24);
    let foot = main.lines().last().unwrap();
    assert!(foot.contains("✉ 2 köade anteckningar väntar (W)"), "{main}");
    app.update(Action::WaitingNotes, now());
    let screen = shot(&app, 80, 24);
    for shown in [
        "Köade anteckningar som väntar",
        "▸ 2026-1O1",
        "Anteckning till 2026-1O1 (inget sådant ärende)",
        "Barnets ord: Jag vill ha mer tid med pappa",
        "Vi kom överens om att ses på torsdag.",
        "a lägg i ett ärende",
        "f skriv till en fil",
    ] {
        assert!(screen.contains(shown), "{shown}:\n{screen}");
    }
    insta::assert_snapshot!("waiting_80x24", screen);
    insta::assert_snapshot!("waiting_40x12", shot(&app, 40, 12));
}
