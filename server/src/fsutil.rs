//! Creating files and directories that only their owner can read: progress, the deck cache and
//! reports say what someone is studying, so files are 0600 and directories 0700 whatever the
//! umask. Every place that creates a file under the data or cache directory goes through here.

use std::io::{self, Write};
use std::path::Path;

const FILE_MODE: u32 = 0o600;
const DIR_MODE: u32 = 0o700;

/// Creates `dir` and any missing parents, each 0700.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new().recursive(true).mode(DIR_MODE).create(dir)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// Writes `bytes` to `path`, creating it 0600 (an existing file keeps its mode).
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    private(&mut options);
    options.open(path)?.write_all(bytes)
}

/// Makes sure `path` exists and is 0600, without touching its contents. SQLite creates a
/// database 0644 and gives its `-wal`, `-shm` and journal files the database's mode, so creating
/// the database first makes all of them private; an existing file from an older version that
/// others could read is narrowed to 0600.
pub fn ensure_private_file(path: &Path) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).append(true).create(true);
    private(&mut options);
    #[cfg(unix)]
    {
        // Never through a link: that would chmod someone else's file.
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    let file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if file.metadata()?.permissions().mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(FILE_MODE))?;
        }
    }
    Ok(())
}

/// Why [`read_bounded`] would not read a file; its `Display` is the reason in a few words.
#[derive(Debug)]
pub enum ReadError {
    /// A FIFO, a device, a directory: reading one could block or never end.
    NotRegular,
    /// Larger than the limit (in bytes), before or while reading.
    TooLarge(u64),
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular => f.write_str("not a regular file"),
            ReadError::TooLarge(max) => write!(f, "larger than {} MB", max / (1024 * 1024)),
            ReadError::Io(e) => f.write_str(&io_reason(e)),
        }
    }
}

/// An I/O error in words, without the OS error number: "Permission denied", not "Permission
/// denied (os error 13)".
pub fn io_reason(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Reads a file the user pointed us at (a source file, a deck file), at most `max` bytes. The
/// file is opened without blocking and looked at through the open handle, so a FIFO (or a file
/// swapped for one after a directory listing) is refused instead of blocking the reader, and a
/// 2 GB file is refused unread.
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read as _;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK only matters for the open of a FIFO; regular files ignore it.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge(max));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Bounded again: the file may grow while it is read.
    file.take(max + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge(max));
    }
    Ok(bytes)
}

fn private(options: &mut std::fs::OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    #[cfg(not(unix))]
    let _ = options;
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_are_0600_and_directories_0700_and_contents_are_kept() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        create_private_dir(&dir).unwrap();
        assert_eq!((mode(&root.path().join("a")), mode(&dir)), (DIR_MODE, DIR_MODE));
        let file = dir.join("f");
        write_private(&file, b"one").unwrap();
        assert_eq!(mode(&file), FILE_MODE);
        ensure_private_file(&file).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"one");
        let old = dir.join("old.db");
        std::fs::write(&old, b"data").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        ensure_private_file(&old).unwrap();
        assert_eq!((mode(&old), std::fs::read(&old).unwrap()), (FILE_MODE, b"data".to_vec()));
        let new = dir.join("new.db");
        ensure_private_file(&new).unwrap();
        assert_eq!((mode(&new), std::fs::metadata(&new).unwrap().len()), (FILE_MODE, 0));
    }

    #[test]
    fn read_bounded_reads_regular_files_and_refuses_the_rest_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("a.py");
        std::fs::write(&small, b"x = 1\n").unwrap();
        assert_eq!(read_bounded(&small, 100).unwrap(), b"x = 1\n");
        assert!(matches!(read_bounded(&small, 3), Err(ReadError::TooLarge(_))));
        let sparse = dir.path().join("huge.py");
        std::fs::File::create(&sparse).unwrap().set_len(2 << 30).unwrap();
        assert!(matches!(read_bounded(&sparse, 1 << 20), Err(ReadError::TooLarge(_))));
        assert!(matches!(read_bounded(dir.path(), 100), Err(ReadError::NotRegular)));
        assert!(matches!(read_bounded(&dir.path().join("gone.py"), 100), Err(ReadError::Io(_))));
        // A FIFO with no writer: a blocking open would wait for ever, so the read runs on a
        // thread with a deadline and a hang fails the test.
        let fifo = dir.path().join("fifo.py");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(matches!(read_bounded(&fifo, 100), Err(ReadError::NotRegular))));
        let refused = rx.recv_timeout(std::time::Duration::from_secs(20)).expect("opening a FIFO blocked");
        assert!(refused);
    }
}
