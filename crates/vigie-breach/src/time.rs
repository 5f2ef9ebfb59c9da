//! Times as people give and read them. A DPO types and reads French local time
//! (Europe/Paris, to the minute); machines get RFC 3339. One parser and one way of
//! writing each, so the command line, the dashboard, the register and the letters agree.

use crate::Lang;
use jiff::Timestamp;
use jiff::tz::TimeZone;

/// The controllers' time zone. The bundled tz database always has it; UTC is the
/// fallback should a build come without it.
pub fn paris() -> TimeZone {
    TimeZone::get("Europe/Paris").unwrap_or(TimeZone::UTC)
}

/// A time as RFC 3339 (`2026-11-20T10:00:00Z`), or as French local time
/// (`2026-11-20 11:00`, seconds optional). The error says what was typed and what is
/// accepted; the caller adds where it was typed.
pub fn parse(s: &str) -> Result<Timestamp, crate::Refused> {
    let s = s.trim();
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    let civil: jiff::civil::DateTime = s.replace(' ', "T").parse().map_err(|_| {
        crate::Refused(format!(
            "{s:?} is not a time (2026-11-20 11:00, Paris time, or 2026-11-20T10:00:00Z)"
        ))
    })?;
    civil
        .to_zoned(paris())
        .map(|z| z.timestamp())
        .map_err(|e| crate::Refused(format!("{s:?}: {e}")))
}

/// A time as people read it: Paris time, to the minute (`21/11/2026 16:00`).
pub fn local(t: Timestamp) -> String {
    t.to_zoned(paris()).strftime("%d/%m/%Y %H:%M").to_string()
}

/// The time left until `due` at `now`, as the dashboard first shows it and its script then
/// counts down (static/app.js writes the same words): `2 j 05 h 03 min restant`,
/// `late by 04 h 10 min`.
pub fn countdown(due: Timestamp, now: Timestamp, lang: Lang) -> String {
    let secs = due.as_second() - now.as_second();
    let span = span(secs.unsigned_abs(), lang);
    match (secs < 0, lang) {
        (true, Lang::Fr) => format!("en retard de {span}"),
        (true, Lang::En) => format!("late by {span}"),
        (false, Lang::Fr) => format!("{span} restant"),
        (false, Lang::En) => format!("{span} left"),
    }
}

/// A duration as the countdowns write it: `2 j 05 h 03 min`, `00 h 09 min`.
pub fn span(seconds: u64, lang: Lang) -> String {
    let s = seconds;
    let (d, h, m) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60);
    if d > 0 {
        format!("{d} {} {h:02} h {m:02} min", lang.pick("j", "d"))
    } else {
        format!("{h:02} h {m:02} min")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().expect("time")
    }

    #[test]
    fn paris_time_is_read_with_its_summer_and_winter_offsets() {
        assert_eq!(parse("2026-11-20 11:00"), Ok(t("2026-11-20T10:00:00Z")));
        assert_eq!(
            parse(" 2026-07-01 11:00:30 "),
            Ok(t("2026-07-01T09:00:30Z"))
        );
        assert_eq!(parse("2026-11-20T10:00:00Z"), Ok(t("2026-11-20T10:00:00Z")));
        assert_eq!(local(t("2026-07-01T09:00:30Z")), "01/07/2026 11:00");
    }

    #[test]
    fn what_is_not_a_time_is_refused_with_what_was_typed() {
        for bad in [
            "",
            "tomorrow",
            "2026-13-01 10:00",
            "20/11/2026 11:00",
            "2026-11-20 25:00",
        ] {
            let err = parse(bad).expect_err(bad);
            assert!(err.0.contains(&format!("{:?}", bad.trim())), "{err}");
        }
    }

    #[test]
    fn the_countdown_says_left_or_late_in_the_readers_language() {
        let now = t("2026-11-20T10:00:00Z");
        let due = t("2026-11-22T15:03:59Z");
        assert_eq!(countdown(due, now, Lang::Fr), "2 j 05 h 03 min restant");
        assert_eq!(countdown(due, now, Lang::En), "2 d 05 h 03 min left");
        assert_eq!(countdown(now, due, Lang::En), "late by 2 d 05 h 03 min");
        let soon = t("2026-11-20T10:09:00Z");
        assert_eq!(countdown(soon, now, Lang::Fr), "00 h 09 min restant");
    }
}
