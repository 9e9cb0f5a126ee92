//! Writing result files atomically: everything goes to a uniquely named
//! temporary file beside the final one and is renamed into place only when
//! complete, so an interrupted run never leaves a half-written file under a
//! final name, and two runs writing the same folder never share a temporary.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// A file being written under a unique temporary name (`.NAME.XXXXXX.partial`
/// beside `NAME`); [`AtomicFile::commit`] puts it in place, dropping it
/// uncommitted removes it.
#[derive(Debug)]
pub(crate) struct AtomicFile {
    writer: BufWriter<NamedTempFile>,
    path: PathBuf,
}

impl AtomicFile {
    /// Starts writing what will become `path`.
    pub(crate) fn create(path: &Path) -> io::Result<Self> {
        let name = path
            .file_name()
            .ok_or_else(|| io::Error::other("a result file needs a file name"))?
            .to_string_lossy();
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".partial");
        // Like File::create: readable as the umask allows, not owner-only.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let temporary = builder.tempfile_in(dir)?;
        Ok(Self {
            writer: BufWriter::new(temporary),
            path: path.to_owned(),
        })
    }

    /// Flushes, syncs and renames the file into place.
    pub(crate) fn commit(self) -> io::Result<()> {
        let temporary = self
            .writer
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        temporary.as_file().sync_all()?;
        temporary.persist(&self.path)?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Writes `path` atomically with `fill`.
pub(crate) fn write_atomic(
    path: &Path,
    fill: impl FnOnce(&mut AtomicFile) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    fill(&mut file)?;
    file.commit()
}

/// The entries of `dir`, sorted (for the tests of result folders).
#[cfg(test)]
pub(crate) fn dir_names(dir: &Path) -> Vec<String> {
    let entries = std::fs::read_dir(dir).unwrap().flatten();
    let mut names: Vec<String> = entries
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    names.sort_unstable();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::files::dir_names as names;

    #[test]
    fn two_files_for_the_same_path_do_not_clash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("summary.json");
        let mut a = AtomicFile::create(&path).unwrap();
        let mut b = AtomicFile::create(&path).unwrap();
        a.write_all(b"first writer\n").unwrap();
        b.write_all(b"second writer\n").unwrap();
        assert_eq!(names(dir.path()).len(), 2, "two distinct temporaries");
        assert!(!path.exists(), "nothing under the final name before commit");
        a.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first writer\n");
        b.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second writer\n");
        assert_eq!(names(dir.path()), ["summary.json"]);
    }

    #[test]
    fn an_uncommitted_file_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runs.csv");
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(&[b'x'; 100_000]).unwrap();
        let temporary = names(dir.path());
        assert_eq!(temporary.len(), 1);
        assert!(
            temporary[0].starts_with(".runs.csv.") && temporary[0].ends_with(".partial"),
            "{temporary:?}"
        );
        drop(file);
        assert!(names(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn committed_files_are_not_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        write_atomic(&path, |w| w.write_all(b"# r\n")).unwrap();
        let reference = dir.path().join("plain");
        std::fs::File::create(&reference).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&reference));
    }
}
