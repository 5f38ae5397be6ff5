#pragma once
// The command line: `losslab [options]` opens the window; subcommands work without one.

namespace losslab::cli {

// Parses argv and runs what it asks. Exit codes: 0 success, 1 failure while running (e.g.
// an unwritable output), 2 bad input (unknown flag, lab, key or value; no display).
int run(int argc, char** argv);

} // namespace losslab::cli
