// dnsctl domain import / domain export / record apply: zone files and batches.

#include "cli/context.hpp"
#include "cli/output.hpp"
#include "core/ops/apply.hpp"
#include "core/ops/import.hpp"
#include "core/ops/zones.hpp"
#include "core/util/input_file.hpp"
#include "core/util/text.hpp"
#include "core/zonefile/export.hpp"
#include "core/zonefile/rr_text.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace dnsctl::cli {
namespace {

// A progress line on a terminal; nothing when stderr is a file or a pipe.
zone::Progress progress_line() {
  if (::isatty(2) == 0) {
    return {};
  }
  auto start = std::chrono::steady_clock::now();
  return [start](size_t done, size_t total) {
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    (void)std::fprintf(stderr,
                       "\r  %zu/%zu RRsets written, %.0f/s   ",
                       done,
                       total,
                       s > 0 ? static_cast<double>(done) / s : 0.0);
    if (done == total) {
      (void)std::fputc('\n', stderr);
    }
  };
}

void warn(const std::vector<std::string>& lines) {
  for (const auto& w : lines) {
    std::cerr << "dnsctl: warning: " << w << "\n";
  }
}

Table import_table(const std::vector<ops::ImportReport>& reports, bool dry_run) {
  Table t{{"id",
           "name",
           "pool",
           "serial",
           "rrsets",
           "records",
           "added",
           "changed",
           "removed",
           "dry_run"},
          {}};
  for (const auto& r : reports) {
    t.rows.push_back({r.zone.uuid,
                      r.zone.name,
                      r.zone.pool_name,
                      r.zone.serial,
                      r.rrsets,
                      r.records,
                      r.created ? r.rrsets : r.stats.added,
                      r.stats.changed,
                      r.stats.removed,
                      dry_run});
  }
  return t;
}

Handler add_import(CLI::App* cmd, Context& ctx) {
  struct Args {
    ops::ImportOptions o;
    std::vector<std::string> files;
    bool dry_run = false;
    bool allow_include = false;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("file", a->files, "Zone files: several are imported in one transaction")
      ->required();
  cmd->add_option("--name", a->o.name, "Zone name (default: the owner of the file's SOA)");
  cmd->add_option("--pool", a->o.pool, "Pool of a new zone (default: the default pool)");
  cmd->add_option("--email", a->o.email, "Hostmaster e-mail (default: from the SOA RNAME)");
  cmd->add_flag(
      "--force", a->o.force, "Create the zone even if a blacklist pattern matches its name");
  cmd->add_flag("--replace",
                a->o.replace,
                "Make an existing zone equal to the file: one transaction, one serial bump");
  cmd->add_flag("--dry-run", a->dry_run, "Check the file and show the difference; write nothing");
  cmd->add_flag(
      "--allow-include", a->allow_include, "Follow $INCLUDE (never outside the file's folder)");
  add_output_options(cmd, a->out);
  expect_columns(cmd, import_table({}, false));
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      auto o = a->o;
      o.dry_run = a->dry_run ? ops::DryRun::yes : ops::DryRun::no;
      o.includes = a->allow_include ? zonefile::Includes::allow : zonefile::Includes::refuse;
      if (a->files.size() == 1) {
        o.progress = progress_line();
      }
      DNSCTL_TRY_ASSIGN(auto reports, ops::import_zones(s, o, a->files, ctx.settings));
      for (const auto& r : reports) {
        warn(r.warnings);
      }
      if (a->dry_run && a->out.format == "table") {
        for (const auto& r : reports) {
          if (r.created) {
            print_line("+ zone " + r.zone.name + " in pool " + r.zone.pool_name + ": "
                       + std::to_string(r.rrsets) + " RRsets, " + std::to_string(r.records)
                       + " records");
          }
          for (const auto& l : zonefile::delta_lines(r.delta)) {
            print_line(l);
          }
        }
        print_line("dry run: nothing was written");
        return {};
      }
      if (reports.size() == 1) {
        return print_show(import_table(reports, a->dry_run), a->out);
      }
      return print_list(import_table(reports, a->dry_run), a->out);
    });
  };
}

Handler add_export(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string zone;
    std::string output;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("zone", a->zone, "Zone name or id")->required();
  cmd->add_option("-o,--output", a->output, "Write here (default: standard output)");
  return [&ctx, a]() -> Status {
    return ctx.with_store([&](store::Store& s) -> Status {
      DNSCTL_TRY_ASSIGN(auto z, ops::find_zone(s, a->zone));
      auto run = [&](std::ostream& out) -> Status {
        DNSCTL_TRY(zonefile::export_zone(s, z, out));
        return {};
      };
      return write_output(a->output, run);
    });
  };
}

Handler add_apply(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string zone;
    std::string file = "-";
    bool dry_run = false;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("zone", a->zone, "Zone name or id")->required();
  cmd->add_option("file", a->file, "The batch (default: standard input)");
  cmd->add_flag("--dry-run", a->dry_run, "Check the batch and show the difference; write nothing");
  add_output_options(cmd, a->out);
  expect_columns(cmd, Table{{"zone", "serial", "operations", "changes", "dry_run"}, {}});
  return [&ctx, a]() -> Status {
    std::ostringstream text;
    std::string source = a->file == "-" ? "<stdin>" : a->file;
    if (a->file == "-") {
      text << std::cin.rdbuf();
    } else {
      DNSCTL_TRY_ASSIGN(auto got, util::read_input_file(a->file));
      text << got;
    }
    return ctx.with_store([&](store::Store& s) -> Status {
      auto mode = a->dry_run ? ops::BatchMode::dry_run : ops::BatchMode::apply;
      DNSCTL_TRY_ASSIGN(auto r, ops::apply_batch(s, a->zone, text.str(), source, mode));
      const model::Zone& z = r.zone;
      auto lines = zonefile::delta_lines(r.delta);
      if (a->out.format == "table") {
        for (const auto& l : lines) {
          print_line(l);
        }
        print_line(a->dry_run      ? "dry run: nothing was written"
                   : r.serial == 0 ? "no changes"
                                   : "applied: serial " + std::to_string(r.serial));
        return {};
      }
      nlohmann::json changes = lines;
      return print_show(Table{{"zone", "serial", "operations", "changes", "dry_run"},
                              {{z.name, r.serial, r.operations, changes, a->dry_run}}},
                        a->out);
    });
  };
}

} // namespace

CommandSpec import_command() {
  return {"import",
          "Create zones (or with --replace, make them equal) from RFC 1035 master files",
          Access::writes,
          add_import};
}

CommandSpec export_command() {
  return {"export", "Write a zone as an RFC 1035 master file", Access::reads, add_export};
}

CommandSpec apply_command() {
  return {"apply",
          "Apply a batch of add/del/replace lines in one transaction, all or nothing",
          Access::writes,
          add_apply};
}

} // namespace dnsctl::cli
