//! The built-in deck on disk, so that editors can open an entry (go to definition, diagnostic
//! links): written once per deck version under the user cache directory.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::concepts::engine::builtin_deck_files;
use crate::fsutil::{create_private_dir, write_private};

/// `$INTERVIEW_PREP_CACHE`, else `$XDG_CACHE_HOME/interview-prep`, else `~/.cache/interview-prep`.
pub fn cache_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("INTERVIEW_PREP_CACHE").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("interview-prep")
}

/// A content hash of the built-in deck, so that a changed deck never reuses a stale copy.
fn deck_hash() -> u64 {
    // FNV-1a: stable across runs and platforms (unlike std's RandomState).
    let mut h: u64 = 0xcbf29ce484222325;
    for (name, text) in builtin_deck_files() {
        for b in name.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

/// The directory holding the built-in deck's files, written on first call if missing.
pub fn builtin_deck_dir() -> io::Result<PathBuf> {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    DIR.get_or_init(|| write_deck(&cache_root()).map_err(|e| e.to_string())).clone().map_err(io::Error::other)
}

fn write_deck(root: &Path) -> io::Result<PathBuf> {
    // `-nokeys`: copies written before quiz answer keys were removed are not reused.
    let dir = root.join(format!("deck-{}-{:016x}-nokeys", env!("CARGO_PKG_VERSION"), deck_hash()));
    if dir.join(".complete").exists() {
        return Ok(dir);
    }
    create_private_dir(root)?;
    // Write beside, then rename: a concurrent server never sees half a deck.
    let tmp = root.join(format!(".deck-tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    create_private_dir(&tmp)?;
    for (name, text) in builtin_deck_files() {
        write_private(&tmp.join(name), without_answer_keys(text).as_bytes())?;
    }
    write_private(&tmp.join(".complete"), b"")?;
    match std::fs::rename(&tmp, &dir) {
        Ok(()) => Ok(dir),
        // Another process won the race: its copy is identical.
        Err(_) if dir.join(".complete").exists() => {
            let _ = std::fs::remove_dir_all(&tmp);
            Ok(dir)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_deck_file_once_with_private_modes() {
        let root = tempfile::tempdir().unwrap();
        let dir = write_deck(root.path()).unwrap();
        for (name, text) in builtin_deck_files() {
            assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), without_answer_keys(text));
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(dir.join(name)).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600);
            }
        }
        // A second call reuses the complete copy.
        assert_eq!(write_deck(root.path()).unwrap(), dir);
    }
}

/// A deck file as go to definition shows it: the quiz statements without the mark on the true
/// one, so opening an entry does not give its quiz away. Lines stay where they are.
fn without_answer_keys(text: &str) -> String {
    text.lines()
        .map(|l| match l.strip_prefix("- [x] ").or_else(|| l.strip_prefix("- [X] ")) {
            Some(rest) => format!("- [ ] {rest}"),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

#[cfg(test)]
mod answer_keys {
    #[test]
    fn the_opened_deck_keeps_its_lines_but_not_its_answer_keys() {
        let text = "## Q?\n\n### Quiz\n- [x] right\n- [ ] wrong\n";
        assert_eq!(super::without_answer_keys(text), "## Q?\n\n### Quiz\n- [ ] right\n- [ ] wrong\n");
    }
}
