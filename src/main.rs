//! The `astromine` command-line tool; all logic lives in the library.

fn main() -> std::process::ExitCode {
    astromine::cli::main()
}
