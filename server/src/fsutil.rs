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
}
