//! Time for progress: the current instant (overridable for tests), calendar days in the user's
//! local time, and the few date formats we read and write. No date crate: SQLite (already linked)
//! knows the local UTC offset, and civil-date arithmetic is a dozen lines.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// The current time in Unix seconds. `INTERVIEW_PREP_NOW` (Unix seconds, `YYYY-MM-DD` or
/// `YYYY-MM-DDTHH:MM:SSZ`) replaces the clock, so tests can look at a store "three days later"
/// without waiting or depending on when they run.
pub fn now() -> i64 {
    if let Some(fixed) = std::env::var("INTERVIEW_PREP_NOW").ok().and_then(|v| parse_instant(&v)) {
        return fixed;
    }
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Calendar days in one UTC offset: what "today", "a day later" and "reviewed on" mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// Local time minus UTC, in seconds.
    pub offset: i64,
}

impl Calendar {
    pub const UTC: Calendar = Calendar { offset: 0 };

    /// The day number (days since 1970-01-01 in local time) of an instant.
    pub fn day(self, ts: i64) -> i64 {
        (ts + self.offset).div_euclid(DAY)
    }

    /// The instant a local day starts.
    pub fn start_of_day(self, day: i64) -> i64 {
        day * DAY - self.offset
    }

    pub fn date(self, ts: i64) -> String {
        format_day(self.day(ts))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number: `(year, month, day)`.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// `YYYY-MM-DD` of a day number.
pub fn format_day(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A day number from `YYYY-MM-DD`; `None` for anything else, including impossible dates.
pub fn parse_day(s: &str) -> Option<i64> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let day = days_from_civil(y, m, d);
    // Round-trips only when the date exists (rejects 2026-02-30).
    (civil_from_days(day) == (y, m, d)).then_some(day)
}

/// `YYYY-MM-DDTHH:MM:SSZ` of an instant.
pub fn format_instant(ts: i64) -> String {
    let day = ts.div_euclid(DAY);
    let secs = ts.rem_euclid(DAY);
    format!("{}T{:02}:{:02}:{:02}Z", format_day(day), secs / 3600, secs / 60 % 60, secs % 60)
}

/// Unix seconds from `YYYY-MM-DDTHH:MM:SSZ`, `YYYY-MM-DD` (midnight UTC) or plain seconds.
pub fn parse_instant(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<i64>() {
        return Some(secs);
    }
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t.trim_end_matches('Z'))),
        None => (s, None),
    };
    let day = parse_day(date)?;
    let mut secs = 0;
    if let Some(time) = time {
        let mut hms = time.split(':');
        let h: i64 = hms.next()?.parse().ok()?;
        let m: i64 = hms.next().unwrap_or("0").parse().ok()?;
        let s: i64 = hms.next().unwrap_or("0").parse().ok()?;
        if h > 23 || m > 59 || s > 60 {
            return None;
        }
        secs = h * 3600 + m * 60 + s;
    }
    Some(day * DAY + secs)
}

/// Compact timestamp for file names: `20261122T101500Z`.
pub fn stamp(ts: i64) -> String {
    format_instant(ts).replace(['-', ':'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip_and_bad_dates_are_refused() {
        for day in [-1000, 0, 1, 365, 20_000, 20_779, 100_000] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(parse_day("1970-01-02"), Some(1));
        assert_eq!(format_day(20_779), "2026-11-22");
        assert_eq!(parse_day("2026-02-30"), None);
        assert_eq!(parse_day("2026-13-01"), None);
        assert_eq!(parse_day("next week"), None);
    }

    #[test]
    fn instants_and_local_days() {
        let ts = parse_instant("2026-11-22T23:30:00Z").unwrap();
        assert_eq!(format_instant(ts), "2026-11-22T23:30:00Z");
        assert_eq!(stamp(ts), "20261122T233000Z");
        assert_eq!(parse_instant("2026-11-22"), Some(ts - 23 * 3600 - 1800));
        // Half past eleven in UTC is already tomorrow two hours east.
        let east = Calendar { offset: 2 * 3600 };
        assert_eq!(Calendar::UTC.date(ts), "2026-11-22");
        assert_eq!(east.date(ts), "2026-11-23");
        assert_eq!(east.day(east.start_of_day(east.day(ts))), east.day(ts));
    }
}
