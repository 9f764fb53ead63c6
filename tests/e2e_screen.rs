//! The real binary in a pseudo-terminal, its screen read with vt100.

mod support;

use std::time::{Duration, Instant};

use support::{Fixture, Pty, fixture};

fn open(f: &Fixture, cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
    let mut all = vec![
        ("INSATS_CONFIG_DIR", f.config.as_str()),
        ("LANG", "en_GB.UTF-8"),
    ];
    all.extend_from_slice(env);
    let mut pty = Pty::spawn(
        &["--data-dir", &f.data, "--today", "2026-11-22"],
        &all,
        cols,
        rows,
    );
    // The status bar is the last row drawn: the first frame is complete.
    pty.wait_for_text("due soon");
    pty
}

#[test]
fn navigate_check_a_step_and_find_it_after_a_restart() {
    let f = fixture();
    let mut pty = open(&f, 80, 24, &[]);
    // The case list is sorted most overdue first; go to Fam Ek (Fas 1).
    let screen = pty.wait_for_text("Fam Ek");
    let ek = screen.lines().position(|l| l.contains("Fam Ek")).unwrap();
    let sel = screen.lines().position(|l| l.contains('▸')).unwrap();
    for _ in sel..ek {
        pty.send_key("down");
    }
    pty.wait_for(Duration::from_secs(5), |s| {
        s.lines().any(|l| l.contains("▸") && l.contains("Fam Ek"))
    });
    pty.wait_for_text("Fas 1 Initial work");
    pty.send_key("tab");
    // The plan, the mapping and the first rating follow their records; the
    // Fas 1 report was sent outside insats: checked by hand, with why.
    pty.send_key("end");
    pty.send_key("space");
    pty.wait_for_text("Done outside insats, why");
    for c in "By post".chars() {
        pty.send(&c.to_string());
    }
    pty.send_key("enter");
    let screen = pty.wait_for(Duration::from_secs(10), |s| {
        s.lines()
            .any(|l| l.contains("[x] Fas 1 report") && l.contains("✎2026-11-22"))
            && s.contains("saved ")
    });
    assert!(
        screen
            .lines()
            .any(|l| l.contains("[x] Initial mapping") && l.contains("20")),
        "{screen}"
    );
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
    assert!(
        !pty.vt().alternate_screen(),
        "the terminal was left in the alternate screen"
    );

    // Opened again, the step is still checked.
    let mut pty = open(&f, 80, 24, &[]);
    pty.send_key("/");
    for c in "Ek".chars() {
        pty.send(&c.to_string());
    }
    pty.send_key("enter");
    let screen = pty.wait_for(Duration::from_secs(10), |s| {
        s.contains("Fas 1 Initial work") && s.lines().any(|l| l.contains("Fas 1 report"))
    });
    let row = screen.lines().find(|l| l.contains("Fas 1 report")).unwrap();
    assert!(
        row.contains("[x]") && row.contains("✎2026-11-22"),
        "{screen}"
    );
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
}

#[test]
fn four_panes_at_80x24_and_the_help_and_overdue_views() {
    let f = fixture();
    let mut pty = open(&f, 80, 24, &[]);
    let screen = pty.wait_for_text("4 Incident analyses");
    for title in [
        "1 Cases",
        "2 Fas",
        "3 Goal reflections",
        "4 Incident analyses",
    ] {
        assert!(screen.contains(title), "{title}\n{screen}");
    }
    pty.send_key("?");
    let help = pty.wait_for_text("Keys — Case list");
    assert!(
        help.contains("new note") && help.contains("filter"),
        "{help}"
    );
    pty.send_key("esc");
    pty.wait_for_text_gone("Keys — Case list");
    pty.send_key("o");
    let overdue = pty.wait_for_text("Overdue and due soon, all cases");
    assert!(
        overdue.contains("days late") && overdue.contains("Fam Rönn"),
        "{overdue}"
    );
    pty.send_key("q");
    pty.wait_for_text_gone("Overdue and due soon");
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
}

#[test]
fn resizing_down_to_1x1_and_back_never_panics() {
    let f = fixture();
    let mut pty = open(&f, 80, 24, &[]);
    for (w, h) in [(20, 6), (1, 1), (2, 1), (60, 20), (1, 1), (80, 24)] {
        pty.resize(w, h);
        std::thread::sleep(Duration::from_millis(150));
        pty.refresh();
        assert!(
            pty.exit_status().is_none(),
            "exited at {w}x{h}:\n{}",
            pty.dump()
        );
    }
    let screen = pty.wait_for_text("4 Incident analyses");
    assert!(
        screen.contains("1 Cases") && screen.contains("3 Goal reflections"),
        "{screen}"
    );
    pty.resize(40, 12);
    let small = pty.wait_for_text("│ 2 │");
    assert!(small.lines().next().unwrap().contains("1 Cases"), "{small}");
    pty.send_key("q");
    assert_eq!(pty.expect_exit(Duration::from_secs(5)), 0);
}

#[test]
fn no_color_keeps_focus_and_flags_readable() {
    let f = fixture();
    let mut pty = open(&f, 80, 24, &[("NO_COLOR", "1")]);
    let screen = pty.wait_for_text("4 Incident analyses");
    let coloured: Vec<(u16, u16, String)> = (0..24)
        .flat_map(|r| (0..80).map(move |c| (r, c)))
        .filter(|(r, c)| {
            let cell = pty.cell(*r, *c);
            cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default
        })
        .map(|(r, c)| (r, c, pty.cell(r, c).contents().to_string()))
        .collect();
    assert!(
        coloured.is_empty(),
        "NO_COLOR must not draw colour: {coloured:?}\n{}",
        pty.dump()
    );
    assert!(
        screen.lines().next().unwrap().starts_with("╔ 1 Cases"),
        "{screen}"
    );
    assert!(screen.lines().any(|l| l.starts_with("║▸! ")), "{screen}");
    assert!(screen.lines().any(|l| l.starts_with("║ ~ ")), "{screen}");
    assert!(
        screen.contains("overdue") && screen.contains("due soon"),
        "{screen}"
    );
    // Focus moves: the checklist gets the double border.
    pty.send_key("tab");
    let screen = pty.wait_for_text("╔ 2 Fas");
    assert!(
        screen.lines().next().unwrap().starts_with("┌ 1 Cases"),
        "{screen}"
    );
    pty.send_key("q");
    pty.expect_exit(Duration::from_secs(5));
}

#[test]
fn the_first_frame_is_small() {
    let f = fixture();
    let mut pty = open(&f, 80, 24, &[]);
    // Whatever follows the status bar (the cursor hidden or placed).
    let _ = pty.bytes_during(Duration::from_millis(300));
    let first = pty.bytes_read();
    println!("first frame at 80x24: {first} bytes");
    // Before the lean backend's shortest moves and blanks: 4,786 bytes.
    assert!(first <= 4_000, "the first frame took {first} bytes");
    pty.send_key("q");
    pty.expect_exit(Duration::from_secs(5));
}

/// The bytes drawn for what `send` sends, however slowly a loaded machine
/// draws them: counted from the send, until the screen is quiet. Counted
/// by the harness's total, so that output which arrived before the harness
/// looked (a busy machine can hold the test back) is counted too.
fn frame_bytes(pty: &mut Pty, send: impl FnOnce(&mut Pty)) -> usize {
    pty.refresh();
    let start = pty.bytes_read();
    send(pty);
    let until = std::time::Instant::now() + Duration::from_secs(10);
    while pty.bytes_read() == start && std::time::Instant::now() < until {
        pty.bytes_during(Duration::from_millis(100));
    }
    while pty.bytes_during(Duration::from_millis(300)) > 0 {}
    pty.bytes_read() - start
}

/// The bytes drawn in `d` after `send`, counted as [`frame_bytes`] does.
fn bytes_after(pty: &mut Pty, d: Duration, send: impl FnOnce(&mut Pty)) -> usize {
    pty.refresh();
    let start = pty.bytes_read();
    send(pty);
    pty.bytes_during(d);
    pty.bytes_read() - start
}

#[test]
fn a_burst_of_keys_is_drawn_once() {
    let f = fixture();
    let mut pty = open(&f, 80, 24, &[]);
    pty.wait_for_text("4 Incident analyses");
    let _ = pty.bytes_during(Duration::from_millis(300));
    let one = frame_bytes(&mut pty, |p| p.send_key("down"));
    // Eight ↓ in one write, as a slow link delivers a held key: the
    // selection moves eight rows, and the screen is drawn about once.
    let eight = frame_bytes(&mut pty, |p| p.send_bytes("\x1b[B".repeat(8).as_bytes()));
    println!("one ↓: {one} bytes; eight in a burst: {eight} bytes");
    assert!(eight < 3 * one, "one ↓: {one} bytes; eight: {eight}");
    // The case list's cursor (its column 1) is on its tenth and last case.
    let rows = pty.rows();
    let selected: Vec<usize> = (0..rows.len())
        .filter(|r| rows[*r].chars().nth(1) == Some('▸'))
        .collect();
    assert_eq!(selected, [10], "{}", pty.dump());
    pty.send_key("q");
    pty.expect_exit(Duration::from_secs(5));
}

#[test]
fn an_idle_screen_writes_nothing() {
    let f = fixture();
    let mut pty = open(&f, 80, 24, &[]);
    pty.wait_for_text("4 Incident analyses");
    // Let the first frame finish, then listen.
    let _ = pty.bytes_during(Duration::from_millis(300));
    assert_eq!(bytes_after(&mut pty, Duration::from_secs(3), |_| ()), 0);
    // It never asked the terminal anything: no round trip before the first
    // frame, nothing to wait for on a terminal that does not answer.
    assert_eq!(pty.queries(), 0);
    // A key that changes nothing draws nothing either.
    let f12 = bytes_after(&mut pty, Duration::from_millis(500), |p| p.send_key("f12"));
    assert_eq!(f12, 0);
    let down = frame_bytes(&mut pty, |p| p.send_key("down"));
    println!("one ↓ in the case list: {down} bytes");
    assert!(down > 0);
    pty.send_key("q");
    pty.expect_exit(Duration::from_secs(5));
}

#[test]
fn sigterm_and_sighup_end_it_promptly_and_restore_the_terminal() {
    for sig in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
        let f = fixture();
        let mut pty = open(&f, 80, 24, &[]);
        pty.wait_for_text("4 Incident analyses");
        let start = Instant::now();
        pty.signal(sig);
        let status = pty.wait_exit(Duration::from_secs(2));
        assert!(status.is_some(), "still running 2 s after signal {sig}");
        assert!(start.elapsed() < Duration::from_secs(2));
        assert!(!pty.vt().alternate_screen());
    }
}

#[test]
fn a_second_session_is_refused_and_the_first_goes_on() {
    let f = fixture();
    let mut first = open(&f, 80, 24, &[]);
    let mut second = Pty::spawn(
        &["--data-dir", &f.data, "--today", "2026-11-22"],
        &[("INSATS_CONFIG_DIR", f.config.as_str())],
        80,
        24,
    );
    let said = second.wait_for_text("another insats session");
    assert_eq!(second.expect_exit(Duration::from_secs(5)), 2);
    assert_eq!(said.trim().lines().count(), 1, "{said}");
    assert!(said.contains(&f.data), "{said}");
    first.send_key("down");
    first.send_key("q");
    assert_eq!(first.expect_exit(Duration::from_secs(5)), 0);
}

/// The screen as the terminal shows it equals the frame rendered in
/// memory for the same state: the lean backend leaves nothing out.
#[test]
fn the_terminal_shows_exactly_the_rendered_frame() {
    use insats::app::{Action, App};
    use insats::ui::{Theme, View, render_buffer};
    let f = fixture();
    let twin = fixture();
    let mut pty = open(&f, 100, 30, &[]);
    let today: chrono::NaiveDate = "2026-11-22".parse().unwrap();
    let store = insats::store::Store::open(std::path::Path::new(&twin.data)).unwrap();
    let mut app = App::new(
        store,
        today,
        Default::default(),
        "x".into(),
        insats::i18n::Lang::En,
    )
    .unwrap();
    let keymap = insats::keymap::Keymap::load(None, None).unwrap();
    let now = today.and_hms_opt(12, 0, 0).unwrap();
    let steps: [(&str, Action); 9] = [
        ("down", Action::Down),
        ("down", Action::Down),
        ("tab", Action::FocusNext),
        ("down", Action::Down),
        ("o", Action::OverdueView),
        ("down", Action::Down),
        ("esc", Action::Back),
        ("tab", Action::FocusNext),
        ("tab", Action::FocusNext),
    ];
    for (key, action) in steps {
        pty.send_key(key);
        app.update(action, now);
        let expected = render_buffer(
            &View {
                app: &app,
                keymap: &keymap,
                theme: Theme { color: true },
            },
            100,
            30,
        );
        let rows: Vec<String> = (0..30)
            .map(|y| {
                (0..100)
                    .map(|x| expected[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect();
        let want = rows.join("\n");
        pty.wait_for(Duration::from_secs(5), |s| {
            s.lines()
                .map(str::trim_end)
                .collect::<Vec<_>>()
                .join("\n")
                .trim_end()
                == want.trim_end()
        });
    }
    pty.send_key("q");
    pty.expect_exit(Duration::from_secs(5));
}

/// The screen holds what is being typed: it leaves no core dump (a limit
/// of 0, hard and soft), whatever the shell allowed.
#[test]
fn the_screen_leaves_no_core_dump() {
    let f = fixture();
    let mut pty = open(&f, 80, 24, &[]);
    let pid = pty.pid().unwrap();
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    let words: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(&words[4..6], &["0", "0"], "{core}");
    pty.send("q");
    pty.expect_exit(Duration::from_secs(5));
}
