//! Which backups to keep: the newest ten, and the newest of each of the
//! last 7 days and of each of the last 4 ISO weeks that have one. A rule
//! of dates alone; the store deletes what it does not keep.

use chrono::{Datelike, NaiveDateTime};

/// Backups kept whatever their dates: more than a week of daily ones, so
/// that one taken under a wrong date, which takes a day's place and a
/// week's, never costs one of them.
const KEEP_NEWEST: usize = 10;

/// Which of the backups taken at `taken`, newest first in the order they
/// were taken, to keep: the newest [`KEEP_NEWEST`], and the newest of each
/// of the last 7 days and of each of the last 4 ISO weeks that have one.
/// Days that have one, not days of the calendar: a clock or `--today` set
/// wrong, or weeks without a backup, never make the others old.
pub fn to_keep(taken: &[NaiveDateTime]) -> Vec<bool> {
    let (mut days, mut weeks) = (Vec::new(), Vec::new());
    let newest_of = |slots: &mut Vec<_>, slot, most| {
        let new = !slots.contains(&slot) && slots.len() < most;
        if new {
            slots.push(slot);
        }
        new
    };
    taken
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let week = t.date().iso_week();
            let day = newest_of(&mut days, (t.year(), t.ordinal()), 7);
            let week = newest_of(&mut weeks, (week.year(), week.week()), 4);
            i < KEEP_NEWEST || day || week
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn seven_days_and_four_weeks_are_kept() {
        let now = t("2026-11-22 18:00"); // a Sunday
        let mut taken = Vec::new();
        // Two a day for 60 days.
        for day in 0..60 {
            for hour in [9, 17] {
                taken.push(now - Duration::days(day) - Duration::hours(18 - hour));
            }
        }
        taken.sort_by(|a, b| b.cmp(a));
        let keep = to_keep(&taken);
        let kept: Vec<NaiveDateTime> = taken
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(t, _)| *t)
            .collect();
        // The newest of each of the last 7 days.
        for day in 0..7 {
            assert!(kept.contains(&(now - Duration::days(day) - Duration::hours(1))));
        }
        // And of each of the 3 weeks before this one (this week's days are
        // already among the 7): the Sunday evening.
        for week in 1..4 {
            assert!(kept.contains(&(now - Duration::weeks(week) - Duration::hours(1))));
        }
        // And the newest 10 whatever their days: five mornings more.
        for day in 0..5 {
            assert!(kept.contains(&(now - Duration::days(day) - Duration::hours(9))));
        }
        assert_eq!(kept.len(), 15, "{kept:?}");
        // Nothing older than four weeks.
        assert!(kept.iter().all(|k| now - *k < Duration::weeks(4)));
    }

    /// A clock or `--today` set ten years ahead deletes no backup that a
    /// right clock would keep: the days are those that have backups.
    #[test]
    fn a_wrong_date_keeps_what_the_right_one_keeps() {
        let now = t("2026-11-22 18:00");
        let daily: Vec<NaiveDateTime> = (0..8).map(|d| now - Duration::days(d)).collect();
        let right = to_keep(&[&[now + Duration::minutes(5)], &daily[..]].concat());
        let wrong = to_keep(&[&[t("2036-11-22 18:00")], &daily[..]].concat());
        assert_eq!(wrong, right);
        assert!(wrong.iter().filter(|k| **k).count() >= 8, "{wrong:?}");
    }

    #[test]
    fn a_backup_from_the_future_is_not_deleted() {
        let now = t("2026-11-22 18:00");
        let keep = to_keep(&[t("2027-01-01 10:00"), now]);
        assert_eq!(keep, vec![true, true]);
    }
}
