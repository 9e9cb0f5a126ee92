//! The folder a batch's results go to. A new set is written into a private
//! staging folder beside it (`.NAME.staging-XXXXXX`), under a lock
//! (`.NAME.lock`) that keeps every other astromine run out of the folder,
//! and swapped in by [`Staging::commit`] only once it is complete. Dropped
//! uncommitted (a failure or a caught signal), it removes all it made, so
//! the previous results stay exactly as they were.

use super::BatchError;
use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// Where a staged entry's predecessor waits until the commit succeeds.
const REPLACED: &str = ".replaced";

/// A new set of results being written beside their folder.
#[derive(Debug)]
pub(crate) struct Staging {
    dir: PathBuf,
    owned: Vec<String>,
    // Fields drop in order: the staging folder, then the lock, then any
    // empty folder this run created.
    staging: TempDir,
    _lock: Lock,
    _made: MadeDirs,
}

/// The hidden file in a results folder that names the scenario files whose
/// results it holds.
pub(crate) const OWNER_FILE: &str = ".astromine-source";

/// The scenario files a new set of results comes from, by canonical path
/// (one a line), and whether it may replace the results of other files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Owner {
    /// The files' canonical paths, one a line.
    pub(crate) files: String,
    /// Whether to replace results that came from other files (`--force`).
    pub(crate) force: bool,
}

impl Owner {
    /// The owner of results made from `paths`.
    pub(crate) fn of(paths: &[&Path], force: bool) -> Self {
        let files = paths
            .iter()
            .map(|p| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        Self { files, force }
    }

    /// Fails when `dir` holds results of other scenario files, unless
    /// forced: two files with the same name must not overwrite each other
    /// unnoticed.
    fn check(&self, dir: &Path) -> Result<(), BatchError> {
        match fs::read_to_string(dir.join(OWNER_FILE)) {
            Ok(previous) if previous != self.files && !self.force => {
                Err(BatchError::Usage(format!(
                    "{} holds the results of {}, a different scenario file with the same \
                     name; give this scenario another [scenario] name or --out, or pass \
                     --force to replace them",
                    dir.display(),
                    previous.replace('\n', " and ")
                )))
            }
            _ => Ok(()),
        }
    }
}

/// Creates `dir` (and its parents), or fails with a usage error.
pub(crate) fn create_dir(dir: &Path) -> Result<(), BatchError> {
    fs::create_dir_all(dir).map_err(|e| {
        BatchError::Usage(format!(
            "cannot create the output directory {}: {e}",
            dir.display()
        ))
    })
}

impl Staging {
    /// Takes the folder `dir` for a new set of results whose entries (files
    /// or folders) are among `owned`: every owned entry of the old set is
    /// replaced or removed at the commit, anything else in `dir` is kept.
    /// Fails, writing nothing, if another run holds the folder.
    pub(crate) fn begin(dir: PathBuf, owned: &[&str]) -> Result<Self, BatchError> {
        Self::begin_for(dir, owned, None)
    }

    /// Like [`Staging::begin`], for results of the scenario files `owner`
    /// names: refused when the folder holds other files' results, unless
    /// forced; the new set records its owner.
    pub(crate) fn begin_for(
        dir: PathBuf,
        owned: &[&str],
        owner: Option<&Owner>,
    ) -> Result<Self, BatchError> {
        // A results folder reached through a symlink is staged beside the
        // folder it resolves to, so the final moves stay on one file system.
        let dir = match fs::symlink_metadata(&dir) {
            Ok(m) if m.file_type().is_symlink() => fs::canonicalize(&dir).unwrap_or(dir),
            _ => dir,
        };
        let (parent, name) = split(&dir)?;
        let made = MadeDirs::create(&parent)?;
        if dir.exists() && !dir.is_dir() {
            return Err(BatchError::Usage(format!(
                "{} is a file, not a results folder; move it or choose another --out",
                dir.display()
            )));
        }
        let lock = Lock::take(&parent.join(format!(".{name}.lock")), &dir)?;
        let prefix = format!(".{name}.staging-");
        remove_stale(&parent, &prefix);
        let staging = tempfile::Builder::new()
            .prefix(&prefix)
            .tempdir_in(&parent)
            .map_err(super::io_error(format!(
                "creating a staging folder in {}",
                parent.display()
            )))?;
        let mut owned: Vec<String> = owned.iter().map(|&n| n.to_owned()).collect();
        if let Some(owner) = owner {
            owner.check(&dir)?;
            let marker = staging.path().join(OWNER_FILE);
            fs::write(&marker, &owner.files).map_err(super::writing(&dir.join(OWNER_FILE)))?;
            owned.push(OWNER_FILE.to_owned());
        }
        Ok(Self {
            owned,
            dir,
            staging,
            _lock: lock,
            _made: made,
        })
    }

    /// The folder the new set is written into.
    pub(crate) fn path(&self) -> &Path {
        self.staging.path()
    }

    /// The results folder the set will replace.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// A file of the new set, `name` among the owned entries.
    pub(crate) fn file(&self, name: &str) -> Result<Sink, BatchError> {
        debug_assert!(self.owned.iter().any(|o| o == name), "{name} is not owned");
        let shown = self.dir.join(name);
        let file = File::create(self.path().join(name)).map_err(super::writing(&shown))?;
        Ok(Sink {
            shown,
            file: BufWriter::new(file),
        })
    }

    /// Swaps the new set in: moves every owned entry of the old set aside,
    /// then every staged entry into place; if a move fails, the moves done
    /// are undone. The old set is deleted with the staging folder.
    pub(crate) fn commit(self) -> Result<(), BatchError> {
        create_dir(&self.dir)?;
        let aside = self.path().join(REPLACED);
        fs::create_dir(&aside).map_err(super::io_error(format!("creating {}", aside.display())))?;
        let mut done: Vec<(PathBuf, PathBuf)> = Vec::new();
        let moves = self.owned.iter().map(|n| (self.dir.join(n), aside.join(n)));
        let moves = moves.chain(
            self.owned
                .iter()
                .map(|n| (self.path().join(n), self.dir.join(n))),
        );
        for (from, to) in moves {
            if from.symlink_metadata().is_err() {
                continue;
            }
            if let Err(e) = fs::rename(&from, &to) {
                for (from, to) in done.iter().rev() {
                    let _ = fs::rename(to, from);
                }
                return Err(super::io_error(format!(
                    "moving {} into place",
                    from.display()
                ))(e));
            }
            done.push((from, to));
        }
        Ok(())
    }
}

/// `dir`'s parent (`.` when it has none) and name.
fn split(dir: &Path) -> Result<(PathBuf, String), BatchError> {
    let name = dir.file_name().and_then(OsStr::to_str);
    match (dir.parent(), name) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            Ok((parent.to_owned(), name.to_owned()))
        }
        (Some(_), Some(name)) => Ok((PathBuf::from("."), name.to_owned())),
        _ => Err(BatchError::Usage(format!(
            "{} names no folder to write results into",
            dir.display()
        ))),
    }
}

/// Removes staging folders left by runs that were killed outright (their
/// lock went with them, so none is in use while the lock is held).
fn remove_stale(parent: &Path, prefix: &str) {
    let entries = fs::read_dir(parent).into_iter().flatten().flatten();
    for entry in entries {
        let stale = entry.file_name().to_string_lossy().starts_with(prefix);
        if stale && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// An exclusive advisory lock on a results folder, held through a lock file
/// beside it that holds the owner's process id. The operating system
/// releases it if the process dies; the file is removed on drop.
#[derive(Debug)]
struct Lock {
    path: PathBuf,
    _file: File,
}

impl Lock {
    /// Takes the lock at `path` for the folder `dir`, or says who holds it.
    fn take(path: &Path, dir: &Path) -> Result<Self, BatchError> {
        let busy = || {
            let mut owner = String::new();
            let _ = File::open(path).and_then(|mut f| f.read_to_string(&mut owner));
            BatchError::Usage(format!(
                "{}: another astromine run (process {}) is writing these results; \
                 wait for it to finish or choose another --out",
                dir.display(),
                owner.trim()
            ))
        };
        let failed = || super::io_error(format!("locking {}", path.display()));
        // A lock file removed by its owner between our open and our lock is
        // stale: open it again.
        for _ in 0..16 {
            let mut file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(failed())?;
            match fs4::FileExt::try_lock(&file) {
                Ok(()) if same_file(&file, path) => {
                    file.set_len(0).map_err(failed())?;
                    writeln!(file, "{}", std::process::id()).map_err(failed())?;
                    return Ok(Self {
                        path: path.to_owned(),
                        _file: file,
                    });
                }
                Ok(()) => continue,
                Err(fs4::TryLockError::WouldBlock) => return Err(busy()),
                Err(fs4::TryLockError::Error(e)) => return Err(failed()(e)),
            }
        }
        Err(busy())
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held; the lock goes when the file is closed.
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether the open `file` is still the one at `path`.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether the open `file` is still the one at `path`.
#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// The folders a run created for its output, removed again on drop if they
/// are still empty (a first run that fails leaves no trace).
#[derive(Debug)]
struct MadeDirs(Vec<PathBuf>);

impl MadeDirs {
    /// Creates `dir` and its missing parents.
    fn create(dir: &Path) -> Result<Self, BatchError> {
        let missing = dir
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists());
        let made = Self(missing.map(Path::to_owned).collect());
        create_dir(dir)?;
        Ok(made)
    }
}

impl Drop for MadeDirs {
    fn drop(&mut self) {
        for dir in &self.0 {
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

/// One file of a new set, written in the staging folder.
#[derive(Debug)]
pub(crate) struct Sink {
    shown: PathBuf,
    file: BufWriter<File>,
}

impl Sink {
    /// The path the file will have once the set is in place.
    pub(crate) fn path(&self) -> &Path {
        &self.shown
    }

    /// Writes out and syncs the file.
    pub(crate) fn finish(self) -> Result<(), BatchError> {
        let shown = self.shown;
        let file = self
            .file
            .into_inner()
            .map_err(|e| super::writing(&shown)(e.into_error()))?;
        file.sync_all().map_err(super::writing(&shown))
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWNED: [&str; 2] = ["a.txt", "charts"];

    use crate::report::files::dir_names as names;

    #[test]
    fn a_commit_replaces_owned_entries_and_keeps_the_rest() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("r");
        fs::create_dir_all(dir.join("charts")).unwrap();
        fs::write(dir.join("charts/old.png"), "old").unwrap();
        fs::write(dir.join("a.txt"), "old").unwrap();
        fs::write(dir.join("mine.txt"), "mine").unwrap();
        let staging = Staging::begin(dir.clone(), &OWNED).unwrap();
        let mut sink = staging.file("a.txt").unwrap();
        sink.write_all(b"new").unwrap();
        sink.finish().unwrap();
        assert_eq!(fs::read(dir.join("a.txt")).unwrap(), b"old");
        staging.commit().unwrap();
        assert_eq!(fs::read(dir.join("a.txt")).unwrap(), b"new");
        assert_eq!(names(&dir), ["a.txt", "mine.txt"]);
        assert_eq!(names(root.path()), ["r"]);
    }

    #[test]
    fn the_folder_is_held_until_dropped_and_nothing_stays_behind() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("new/r");
        let first = Staging::begin(dir.clone(), &OWNED).unwrap();
        assert!(first.path().starts_with(root.path().join("new")));
        let refused = Staging::begin(dir.clone(), &OWNED).unwrap_err().to_string();
        assert!(refused.contains("another astromine run"), "{refused}");
        assert!(
            refused.contains(&std::process::id().to_string()),
            "{refused}"
        );
        drop(first);
        assert!(
            !root.path().join("new").exists(),
            "{:?}",
            names(root.path())
        );
        drop(Staging::begin(dir, &OWNED).unwrap());
        assert!(names(root.path()).is_empty());
    }
}
