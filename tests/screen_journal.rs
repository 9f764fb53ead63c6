//! The journal view on the screen: plain text, no border, so that a
//! terminal selection copies it clean (snapshots at 80x24 and 40x12).

mod support;

use insats::app::Action;
use insats::i18n::Lang;
use support::screen::{demo_app, now, shot};

#[test]
fn what_is_owed_reads_as_plain_text_to_copy() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path(), Lang::Sv);
    app.update(Action::JournalView, now());
    let screen = shot(&app, 80, 24);
    let body: Vec<&str> = screen.lines().take(23).collect();
    assert!(body[0].starts_with("Ej journalfört"), "{screen}");
    assert!(
        screen.contains("Fam Rönn: 2 poster ej journalförda"),
        "{screen}"
    );
    assert!(
        screen.contains("Tid: ") && screen.contains("Deltog: "),
        "{screen}"
    );
    // Nothing but words: no border, no marker in the text.
    for line in &body {
        assert!(
            !line.contains(['│', '║', '┌', '╔', '▸', '─', '═']),
            "{line}\n{screen}"
        );
    }
    let foot = screen.lines().last().unwrap();
    assert!(foot.contains("m markera som journalförd"), "{foot}");
    insta::assert_snapshot!("journal_80x24", screen);
    insta::assert_snapshot!("journal_40x12", shot(&app, 40, 12));
}
