fn main() {
    std::process::exit(avglint::cli::run(std::env::args_os()));
}
