//! The `interview-prep` binary: a thin shell over the library's CLI.

fn main() {
    std::process::exit(interview_prep::cli::main());
}
