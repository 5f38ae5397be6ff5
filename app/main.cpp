// LossLab's entry point: everything is in the command-line layer. Output to standard output
// is checked once at exit, so a full disk or /dev/full exits 1, never 0.
#include "cli/cli.hpp"
#include "cli/commands.hpp"

int main(int argc, char** argv) {
    return losslab::cli::finish_output(losslab::cli::run(argc, argv));
}
