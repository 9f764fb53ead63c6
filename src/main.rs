//! insats — the binary: the command line, and (later) terminal setup and
//! the event loop. Everything below lives in the library.

fn main() -> std::process::ExitCode {
    insats::cli::main()
}
