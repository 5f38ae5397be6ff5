// LossLab's entry point: everything is in the command-line layer.
#include "cli/cli.hpp"

int main(int argc, char** argv) { return losslab::cli::run(argc, argv); }
