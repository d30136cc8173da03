// Settings from three sources (operations.md §2), in this order of precedence:
// command-line flags > environment variables CERTREG_<FLAG> > the
// configuration file (--config FILE, TOML or INI as CLI11 reads it) > the
// built-in defaults.
//
// The file: a section per subcommand ([serve], [sweep], [token.create]) holds
// that subcommand's settings, named as its long flags without the dashes
// (`listen = "0.0.0.0:8080"`, `max-body = 1048576`); a key above every section
// applies to whichever subcommand runs and has that flag (e.g. `data`). A key
// that no subcommand knows, or a section that names none, is refused.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "certreg/commands.h"
#include "certreg/common/status.h"

namespace certreg::tool {

// Options in this group are secrets: never printed by --print-config.
inline constexpr char kSecretGroup[] = "secret";

// Defines the options of `certreg serve` on `serve` (serve_options.cc).
void AddServeOptions(CLI::App* serve, ServeArgs& args);

// Gives every long option of `app` and of all its subcommands, at any depth,
// the environment variable CERTREG_<FLAG> (dashes become underscores, upper
// case: --max-body is CERTREG_MAX_BODY). Call after every option is defined.
void NameEnvironmentVariables(CLI::App& app);

// Applies the settings of `file` to the subcommands `app` parsed, to each
// option given neither as a flag nor by its environment variable. Errors
// (InvalidArgument) name the file and the key: an unreadable file, an unknown
// key or section, a value the option refuses.
Status ApplyConfigFile(CLI::App& app, const std::string& file);

// The effective settings of the subcommand `cmd` as a configuration file that
// ApplyConfigFile reads back: one section named `section` (e.g. "serve"),
// every long option but help, the secret group and `skip` (the flag asking
// for this text).
std::string EffectiveSettings(const CLI::App& cmd, const std::string& section, const CLI::Option* skip);

}  // namespace certreg::tool
