#include "certreg/settings.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <vector>

namespace certreg::tool {
namespace {

std::string EnvironmentName(const std::string& long_name) {
  std::string name = "CERTREG_";
  for (char c : long_name) name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

// Options a file or the environment may set: named, neither help nor version.
bool Settable(const CLI::App& app, const CLI::Option* opt) {
  return !opt->get_lnames().empty() && opt != app.get_help_ptr() && opt != app.get_help_all_ptr() &&
         opt->get_lnames().front() != "version";
}

void ForEachApp(CLI::App& app, const std::function<void(CLI::App&)>& visit) {
  visit(app);
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) ForEachApp(*sub, visit);
}

// The option a file's key names: a settable one that files may set.
CLI::Option* FindOption(CLI::App& app, const std::string& key) {
  CLI::Option* opt = app.get_option_no_throw("--" + key);
  return opt != nullptr && Settable(app, opt) && opt->get_configurable() ? opt : nullptr;
}

// The subcommand the command line chose, deepest first.
CLI::App* Chosen(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands()) return Chosen(*sub);
  return &app;
}

Status Apply(CLI::Option* opt, const CLI::ConfigItem& item, const std::string& file) {
  if (opt->count() > 0) return Status::Ok();  // a flag or the environment set it
  try {
    if (opt->get_expected_min() == 0) {
      opt->add_result(opt->get_flag_value(item.name, CLI::ConfigTOML().to_flag(item)));
    } else {
      opt->add_result(item.inputs);
    }
    opt->run_callback();
  } catch (const CLI::Error& e) {
    return Status::InvalidArgument(fmt::format("{}: {}: {}", file, item.fullname(), e.what()));
  }
  return Status::Ok();
}

// The parts joined with `separator` (fmt::join trips GCC 12's -Wstringop-overflow).
std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string joined;
  for (const std::string& part : parts) {
    if (!joined.empty()) joined += separator;
    joined += part;
  }
  return joined;
}

bool IsBareValue(const std::string& value) {
  if (value == "true" || value == "false") return true;
  if (value.empty()) return false;
  const std::size_t start = value[0] == '-' ? 1 : 0;
  return start < value.size() && value.find_first_not_of("0123456789.", start) == std::string::npos &&
         std::count(value.begin(), value.end(), '.') <= 1;
}

std::string TomlValue(const std::string& value) {
  if (IsBareValue(value)) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

void NameEnvironmentVariables(CLI::App& app) {
  ForEachApp(app, [](CLI::App& cmd) {
    for (CLI::Option* opt : cmd.get_options()) {
      if (Settable(cmd, opt)) opt->envname(EnvironmentName(opt->get_lnames().front()));
    }
  });
}

Status ApplyConfigFile(CLI::App& app, const std::string& file) {
  std::vector<CLI::ConfigItem> items;
  try {
    items = CLI::ConfigTOML().from_file(file);
  } catch (const CLI::Error& e) {
    return Status::InvalidArgument(fmt::format("--config {}: {}", file, e.what()));
  }
  CLI::App* chosen = Chosen(app);
  for (const CLI::ConfigItem& item : items) {
    if (item.name == "++" || item.name == "--") continue;
    if (item.parents.empty()) {
      // Above every section: for whichever subcommand runs, known to at least one.
      bool known = false;
      ForEachApp(app, [&](CLI::App& cmd) { known = known || FindOption(cmd, item.name) != nullptr; });
      if (!known) return Status::InvalidArgument(fmt::format("{}: unknown key '{}'", file, item.name));
      if (CLI::Option* opt = FindOption(*chosen, item.name)) {
        if (Status applied = Apply(opt, item, file); !applied.ok()) return applied;
      }
      continue;
    }
    CLI::App* section = &app;
    for (const std::string& parent : item.parents) {
      try {
        section = section->get_subcommand(parent);
      } catch (const CLI::OptionNotFound&) {
        return Status::InvalidArgument(fmt::format("{}: unknown section [{}] (key '{}')", file,
                                                   Join(item.parents, "."), item.fullname()));
      }
    }
    CLI::Option* opt = FindOption(*section, item.name);
    if (opt == nullptr) return Status::InvalidArgument(fmt::format("{}: unknown key '{}'", file, item.fullname()));
    if (section->parsed()) {
      if (Status applied = Apply(opt, item, file); !applied.ok()) return applied;
    }
  }
  return Status::Ok();
}

std::string EffectiveSettings(const CLI::App& cmd, const std::string& section, const CLI::Option* skip) {
  std::string text = fmt::format(
      "# certreg {}: the effective settings (flags > CERTREG_* environment > --config file > defaults)\n[{}]\n",
      section, section);
  for (const CLI::Option* opt : cmd.get_options()) {
    if (opt == skip || !Settable(cmd, opt) || opt->get_group() == kSecretGroup) continue;
    std::string value;
    if (opt->get_expected_min() == 0) {
      value = opt->count() > 0 && opt->as<bool>() ? "true" : "false";
    } else if (opt->count() > 0) {
      std::vector<std::string> values;
      for (const std::string& result : opt->results()) values.push_back(TomlValue(result));
      value = values.size() == 1 ? values.front() : "[" + Join(values, ", ") + "]";
    } else if (opt->get_items_expected_max() > 1) {
      // A list not given (e.g. --trusted-proxy): none. CLI11 reads no empty
      // list back, so the key is shown commented out.
      text += fmt::format("# {} = []\n", opt->get_lnames().front());
      continue;
    } else {
      value = TomlValue(opt->get_default_str());
    }
    text += fmt::format("{} = {}\n", opt->get_lnames().front(), value);
  }
  return text;
}

}  // namespace certreg::tool
