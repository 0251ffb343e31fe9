//! Where a deck entry lives on disk (go to definition, the "Full answer" link, a diagnostic's
//! link), and go to definition itself: from a visible finding to its entry's heading.

use std::path::PathBuf;

use crate::deck::{cache::builtin_deck_dir, Entry, Origin};
use crate::session::Snapshot;

/// An entry's heading in a deck file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryLocation {
    /// Absolute.
    pub path: PathBuf,
    /// 1-based line of the `##` heading.
    pub line: usize,
}

/// The file an entry lives in (the built-in deck is written to the cache first) and its line.
pub fn entry_location(entry: &Entry) -> Option<EntryLocation> {
    let path = match &entry.origin {
        Origin::Builtin(name) => builtin_deck_dir().ok()?.join(name),
        Origin::File(path) => path.clone(),
    };
    Some(EntryLocation { path: std::path::absolute(&path).unwrap_or(path), line: entry.line })
}

/// `file:///.../topic.md#L12`: a link that opens the entry's heading.
pub fn entry_link(entry: &Entry) -> Option<String> {
    let at = entry_location(entry)?;
    Some(format!("{}#L{}", file_url(&at.path)?, at.line))
}

/// A `file://` URL for an absolute path, with every byte that is not unreserved in a URL path
/// percent-encoded (spaces, `#`, `?`, non-ASCII); `None` for a relative or non-UTF-8 path.
pub fn file_url(path: &std::path::Path) -> Option<String> {
    if !path.is_absolute() {
        return None;
    }
    let mut out = String::from("file://");
    for b in path.to_str()?.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

/// Go to definition: the entry of the most specific visible finding at `offset`.
pub fn definition(snap: &Snapshot, offset: usize) -> Option<EntryLocation> {
    let finding = *snap.visible_at(offset).first()?;
    entry_location(snap.deck.primary(finding.id())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_encode_what_a_path_may_hold() {
        assert_eq!(file_url(std::path::Path::new("/a b/é#?.md")).unwrap(), "file:///a%20b/%C3%A9%23%3F.md");
        assert_eq!(file_url(std::path::Path::new("rel.md")), None);
    }
}
