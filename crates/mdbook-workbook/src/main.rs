//! The `mdbook-workbook` executable: mdBook's preprocessor protocol around
//! [`mdbook_workbook::run`].

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use mdbook_preprocessor::MDBOOK_VERSION;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match args.as_slice() {
        [] => preprocess(),
        [command, renderer] if command == "supports" => {
            // mdBook reads the answer from the exit status alone.
            if mdbook_workbook::supports_renderer(&renderer.to_string_lossy()) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        _ => {
            eprintln!(
                "usage: mdbook-workbook [supports RENDERER]\n\
                 This is an mdBook preprocessor: add it to book.toml as \
                 [preprocessor.workbook] and run `mdbook build`."
            );
            ExitCode::from(2)
        }
    }
}

fn preprocess() -> ExitCode {
    let (ctx, book) = match mdbook_preprocessor::parse_input(io::stdin().lock()) {
        Ok(input) => input,
        Err(err) => {
            eprintln!(
                "mdbook-workbook: cannot read the book mdBook should send on stdin: {err:#}\n  \
                 fix: run it through `mdbook build` (book.toml: [preprocessor.workbook]), \
                 not by hand"
            );
            return ExitCode::FAILURE;
        }
    };
    if ctx.mdbook_version != MDBOOK_VERSION {
        eprintln!(
            "mdbook-workbook: warning: built against mdBook {MDBOOK_VERSION} but called by \
             mdBook {}; install mdBook {MDBOOK_VERSION} if the build misbehaves",
            ctx.mdbook_version
        );
    }
    let book = match mdbook_workbook::run(&ctx, book) {
        Ok(book) => book,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    let written = serde_json::to_writer(&mut stdout, &book)
        .map_err(io::Error::from)
        .and_then(|()| stdout.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("mdbook-workbook: cannot hand the book back to mdBook: {err}");
            ExitCode::FAILURE
        }
    }
}
