// Issue 12: `dnsctl sink` on a real rabbitmq-server, fed as Nova and Neutron feed it
// (oslo 2.0 envelope, topic exchanges nova and neutron, routing key
// notifications.info): records come and go, a redelivery changes nothing, poison goes
// to dnsctl-sink.dead, a SIGKILL in a burst loses nothing and applies nothing twice,
// and the sink comes back by itself when RabbitMQ restarts.

#include "tests/integration/harness.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <csignal>

using namespace dnsctl::itest;

namespace {

std::string oslo2(const nlohmann::json& message) {
  return nlohmann::json{{"oslo.version", "2.0"}, {"oslo.message", message.dump()}}.dump();
}

std::string create(const std::string& id,
                   const std::string& name,
                   const std::string& ip,
                   const std::string& message_id) {
  return oslo2(
      {{"event_type", "compute.instance.create.end"},
       {"publisher_id", "compute.stack01"},
       {"priority", "INFO"},
       {"message_id", message_id},
       {"timestamp", "2026-11-28 06:00:00.000000"},
       {"_context_project_name", "demo"},
       {"payload",
        {{"instance_id", id},
         {"hostname", name},
         {"display_name", name},
         {"fixed_ips",
          {{{"address", ip}, {"version", 4}, {"label", "private"}, {"type", "fixed"}}}}}}});
}

std::string remove(const std::string& id, const std::string& message_id) {
  return oslo2({{"event_type", "compute.instance.delete.start"},
                {"message_id", message_id},
                {"payload", {{"instance_id", id}}}});
}

std::string fip(const std::string& id,
                const std::string& address,
                const std::string& fixed,
                const std::string& message_id) {
  nlohmann::json f{{"id", id}, {"floating_ip_address", address}};
  f["fixed_ip_address"] = fixed.empty() ? nlohmann::json() : nlohmann::json(fixed);
  return oslo2({{"event_type", "floatingip.update.end"},
                {"message_id", message_id},
                {"payload", {{"floatingip", f}}}});
}

// `dnsctl sink` as a daemon.
class Sink : public Daemon {
public:
  bool start(const std::filesystem::path& dir,
             const std::string& db,
             const std::string& config,
             const std::vector<std::string>& extra = {}) {
    m_dir = dir;
    m_log = dir / ("sink-" + std::to_string(++m_runs) + ".log");
    std::vector<std::string> argv{DNSCTL_BIN, "--db", db, "--config", config, "sink", "-v"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto c = dnsctl::process::Child::spawn(argv, m_log.string());
    if (!c) {
      return false;
    }
    m_child = std::move(*c);
    return wait_until([&] { return log_has("sink: consuming"); });
  }
  void kill_hard() {
    ::kill(m_child.pid(), SIGKILL);
    m_child.stop();
  }
  // The process's peak resident memory so far (VmHWM), in KiB.
  int64_t peak_kib() const {
    std::string status = read_file("/proc/" + std::to_string(m_child.pid()) + "/status");
    auto at = status.find("VmHWM:");
    return at == std::string::npos ? -1 : std::atoll(status.c_str() + at + 6);
  }
  std::string all_logs() const {
    std::string out;
    for (int i = 1; i <= m_runs; ++i) {
      out += read_file(m_dir / ("sink-" + std::to_string(i) + ".log"));
    }
    return out;
  }

private:
  int m_runs = 0;
};

} // namespace

class SinkTest : public ::testing::Test {
protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = std::filesystem::temp_directory_path()
            / ("dnsctl-sink-" + std::to_string(::getpid()) + "-" + info->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
    m_db = (m_dir / "dnsctl.db").string();
    m_config = (m_dir / "dnsctl.conf").string();
  }
  void TearDown() override {
    if (HasFailure()) {
      std::string log = m_sink.all_logs();
      std::cerr << "---- sink ----\n" << log.substr(log.size() > 6000 ? log.size() - 6000 : 0);
      std::cerr << "---- rabbitmq ----\n" << m_rabbit.log().substr(0, 3000);
    }
    m_sink.stop();
    m_rabbit.stop();
    std::filesystem::remove_all(m_dir);
  }
  Ran ctl(const std::vector<std::string>& args) {
    std::vector<std::string> argv{DNSCTL_BIN, "--db", m_db, "--config", m_config};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, std::chrono::seconds(60));
  }
  void setup_store(int batch_size = 500) {
    write_file(m_dir / "pools.yaml",
               "- name: default\n  ns_records: [{hostname: ns1.example.org., priority: 1}]\n"
               "  targets: [{type: fake, options: {host: 127.0.0.1, port: 9}}]\n");
    write_file(m_config,
               "[sink]\ntransport_url = " + m_rabbit.url()
                   + "/\nenabled_notification_handlers = nova_fixed, neutron_floatingip\n"
                     "batch_size = "
                   + std::to_string(batch_size)
                   + "\n[handler:nova_fixed]\nzone_id = cloud.example.\n"
                     "formatv4 = %(hostname)s.%(zone)s\n"
                     "[handler:neutron_floatingip]\nzone_id = cloud.example.\n"
                     "formatv4 = fip-%(octet3)s.%(zone)s\n");
    ASSERT_EQ(ctl({"pool", "update", (m_dir / "pools.yaml").string()}).code, 0);
    ASSERT_EQ(ctl({"zone", "create", "cloud.example.", "--email", "h@example.org"}).code, 0);
  }
  // The A records at NAME in cloud.example., sorted; empty when there are none.
  std::string a_records(const std::string& name) {
    Ran r = ctl({"record", "show", "cloud.example.", name, "--type", "A", "-f", "json"});
    if (r.code != 0) {
      return "";
    }
    auto data = nlohmann::json::parse(r.out)["data"];
    std::vector<std::string> v = data.get<std::vector<std::string>>();
    std::sort(v.begin(), v.end());
    std::string out;
    for (const auto& d : v) {
      out += (out.empty() ? "" : " ") + d;
    }
    return out;
  }
  int64_t sql(const std::string& query) {
    Ran r = run({"sqlite3", m_db, query});
    return r.code == 0 ? std::atoll(r.out.c_str()) : -1;
  }

  std::filesystem::path m_dir;
  std::string m_db;
  std::string m_config;
  RabbitMq m_rabbit;
  Sink m_sink;
};

TEST_F(SinkTest, NotificationsFromRabbitMqBecomeRecords) {
  DNSCTL_REQUIRE_TOOLS("/usr/lib/rabbitmq/bin/rabbitmq-server", "amqp-get", "sqlite3");
  ASSERT_TRUE(m_rabbit.start(m_dir / "rabbit")) << m_rabbit.log();
  ASSERT_NO_FATAL_FAILURE(setup_store());
  ASSERT_TRUE(m_sink.start(m_dir, m_db, m_config)) << m_sink.log();

  // An instance: its record, then gone.
  ASSERT_TRUE(
      m_rabbit.publish("nova", "notifications.info", {create("i-1", "web1", "172.16.0.14", "m1")}));
  EXPECT_TRUE(wait_until([&] { return a_records("web1") == "172.16.0.14"; }));
  ASSERT_TRUE(m_rabbit.publish("nova", "notifications.info", {remove("i-1", "m2")}));
  EXPECT_TRUE(wait_until([&] { return a_records("web1").empty(); }));

  // A floating IP: associated, disassociated, associated again, deleted.
  std::string id = "f38ff2b6-cd4d-433e-8a9c-9e00dfc05b1e";
  ASSERT_TRUE(m_rabbit.publish(
      "neutron", "notifications.info", {fip(id, "192.0.2.201", "172.16.59.10", "f1")}));
  EXPECT_TRUE(wait_until([&] { return a_records("fip-201") == "192.0.2.201"; }));
  ASSERT_TRUE(
      m_rabbit.publish("neutron", "notifications.info", {fip(id, "192.0.2.201", "", "f2")}));
  EXPECT_TRUE(wait_until([&] { return a_records("fip-201").empty(); }));
  ASSERT_TRUE(m_rabbit.publish(
      "neutron", "notifications.info", {fip(id, "192.0.2.201", "172.16.59.11", "f3")}));
  EXPECT_TRUE(wait_until([&] { return a_records("fip-201") == "192.0.2.201"; }));
  nlohmann::json del{{"event_type", "floatingip.delete.start"},
                     {"message_id", "f4"},
                     {"payload", {{"floatingip_id", id}}}};
  ASSERT_TRUE(m_rabbit.publish("neutron", "notifications.info", {oslo2(del)}));
  EXPECT_TRUE(wait_until([&] { return a_records("fip-201").empty(); }));

  // A redelivered create (same message_id) changes nothing: only the marker after it
  // takes a serial step.
  int64_t steps = sql("SELECT count(*) FROM zone_journal");
  ASSERT_TRUE(m_rabbit.publish(
      "nova",
      "notifications.info",
      {create("i-1", "web1", "172.16.0.14", "m1"), create("i-9", "marker", "172.16.0.99", "m9")}));
  EXPECT_TRUE(wait_until([&] { return a_records("marker") == "172.16.0.99"; }));
  EXPECT_EQ(a_records("web1"), "");
  EXPECT_EQ(sql("SELECT count(*) FROM zone_journal"), steps + 1);

  // Poison is set aside in dnsctl-sink.dead, with the reason logged; the next applies.
  ASSERT_TRUE(m_rabbit.publish(
      "nova", "notifications.info", {"{not json", create("i-10", "after", "172.16.0.100", "m10")}));
  EXPECT_TRUE(wait_until([&] { return a_records("after") == "172.16.0.100"; }));
  EXPECT_TRUE(wait_until(
      [&] { return m_sink.log_has("set aside (dnsctl-sink.dead): not a JSON object"); }));
  auto dead = m_rabbit.drain("dnsctl-sink.dead");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_NE(dead[0].find("{not json"), std::string::npos) << dead[0];

  // RabbitMQ goes away and comes back: the sink reconnects by itself (our queue is
  // durable; the exchanges are not, as nova's, and come back with the publisher).
  m_rabbit.stop();
  EXPECT_TRUE(wait_until([&] { return m_sink.log_has("reconnecting"); }, std::chrono::seconds(30)));
  ASSERT_TRUE(m_rabbit.start(m_dir / "rabbit")) << m_rabbit.log();
  // Until the sink has bound its queue again, nova's (transient) exchange routes to
  // nobody: set amqp_durable_queues on both sides to keep bindings over a restart.
  auto consuming = [&] {
    std::string log = m_sink.log();
    size_t n = 0;
    for (size_t at = log.find("sink: consuming"); at != std::string::npos;
         at = log.find("sink: consuming", at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_TRUE(wait_until([&] { return consuming() == 2; }, std::chrono::seconds(60)));
  ASSERT_TRUE(m_rabbit.publish(
      "nova", "notifications.info", {create("i-11", "back", "172.16.0.111", "m11")}));
  EXPECT_TRUE(
      wait_until([&] { return a_records("back") == "172.16.0.111"; }, std::chrono::seconds(60)))
      << m_sink.log();
  // SIGTERM: a clean stop, with the totals.
  EXPECT_EQ(m_sink.stop(), 0);
  EXPECT_TRUE(m_sink.log_has("sink: stopping")) << m_sink.log();
}

TEST_F(SinkTest, AKilledSinkLosesNothingAndAppliesNothingTwice) {
  DNSCTL_REQUIRE_TOOLS("/usr/lib/rabbitmq/bin/rabbitmq-server", "amqp-get", "sqlite3");
  ASSERT_TRUE(m_rabbit.start(m_dir / "rabbit")) << m_rabbit.log();
  ASSERT_NO_FATAL_FAILURE(setup_store(10));
  // The queue exists (and is bound) once a sink has run: start one, stop it.
  ASSERT_TRUE(m_sink.start(m_dir, m_db, m_config)) << m_sink.log();
  m_sink.stop();
  std::vector<std::string> burst;
  for (int i = 0; i < 1000; ++i) {
    std::string n = std::to_string(i);
    burst.push_back(create("i-" + n,
                           "vm" + n,
                           "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250),
                           "k" + n));
  }
  ASSERT_TRUE(m_rabbit.publish("nova", "notifications.info", burst));
  ASSERT_TRUE(m_sink.start(m_dir, m_db, m_config)) << m_sink.log();
  // SIGKILL in the middle of the burst: some batches committed, the rest not acknowledged.
  ASSERT_TRUE(wait_until([&] { return sql("SELECT count(*) FROM managed_records") >= 100; },
                         std::chrono::seconds(60)));
  m_sink.kill_hard();
  int64_t at_kill = sql("SELECT count(*) FROM managed_records");
  EXPECT_LT(at_kill, 1000) << "the burst was over before the kill";
  ASSERT_TRUE(m_sink.start(m_dir, m_db, m_config)) << m_sink.log();
  EXPECT_TRUE(wait_until([&] { return sql("SELECT count(*) FROM managed_records") == 1000; },
                         std::chrono::seconds(60)));
  // Exactly once: one record per instance, each message applied once.
  EXPECT_EQ(sql("SELECT count(*) FROM managed_records"), 1000);
  EXPECT_EQ(sql("SELECT count(*) FROM sink_messages WHERE outcome = 'applied'"), 1000);
  EXPECT_EQ(sql("SELECT count(*) FROM recordsets r JOIN zones z ON z.id = r.zone_id "
                "WHERE z.name = 'cloud.example.' AND r.type = 1"),
            1000);
  EXPECT_EQ(
      sql("SELECT count(*) FROM recordsets WHERE type = 1 AND data LIKE '%' || char(10) || '%'"),
      0);
  EXPECT_EQ(a_records("vm999"), "10.0.3.249");
}

// Issue 12, item 5: with `sink`, `sync --watch` and `mdns` running and a real BIND
// target, an instance-create message becomes an answer from BIND with nobody running a
// command. (tests/bench/sink.sh measures the latency over 200 events.)
TEST_F(SinkTest, AnEventBecomesAnAnswerFromBind) {
  DNSCTL_REQUIRE_TOOLS("/usr/lib/rabbitmq/bin/rabbitmq-server", "named", "rndc", "dig");
  Named named;
  Mdns mdns;
  ASSERT_TRUE(m_rabbit.start(m_dir / "rabbit")) << m_rabbit.log();
  ASSERT_TRUE(named.start(m_dir / "ns", {})) << named.log(); // makes its rndc key
  std::string port = std::to_string(named.port());
  write_file(
      m_dir / "pools.yaml",
      "- name: default\n  ns_records: [{hostname: ns1.example.org., priority: 1}]\n"
      "  nameservers: [{host: 127.0.0.1, port: "
          + port + "}]\n  targets:\n    - type: bind9\n      masters: [{host: 127.0.0.1, port: "
          + std::to_string(mdns.reserve_port()) + "}]\n      options: {host: 127.0.0.1, port: "
          + port + ", rndc_host: 127.0.0.1, rndc_port: " + std::to_string(named.reserve_rndc_port())
          + ", rndc_key_file: " + named.rndc_key_file() + "}\n");
  write_file(m_config,
             "[sink]\ntransport_url = " + m_rabbit.url()
                 + "/\nenabled_notification_handlers = nova_fixed\n"
                   "[handler:nova_fixed]\nzone_id = cloud.example.\n"
                   "formatv4 = %(hostname)s.%(zone)s\n");
  ASSERT_EQ(ctl({"pool", "update", (m_dir / "pools.yaml").string()}).code, 0);
  ASSERT_TRUE(mdns.start(m_dir, m_db, {}, "example.net."));
  auto watch = dnsctl::process::Child::spawn(
      {DNSCTL_BIN, "--db", m_db, "--config", m_config, "sync", "--watch", "--retry", "1"},
      (m_dir / "watch.log").string());
  ASSERT_TRUE(watch);
  ASSERT_TRUE(wait_until(
      [&] { return read_file(m_dir / "watch.log").find("sync: watching") != std::string::npos; }));
  // A zone created by an operator reaches BIND by itself too.
  ASSERT_EQ(ctl({"zone", "create", "cloud.example.", "--email", "h@example.org"}).code, 0);
  EXPECT_TRUE(wait_until([&] { return soa_serial(named.port(), "cloud.example.") != 0; }))
      << read_file(m_dir / "watch.log");
  ASSERT_TRUE(m_sink.start(m_dir, m_db, m_config)) << m_sink.log();
  for (int i = 0; i < 20; ++i) {
    std::string name = "vm" + std::to_string(i) + ".cloud.example.";
    std::string ip = "172.16.2." + std::to_string(i + 1);
    ASSERT_TRUE(m_rabbit.publish(
        "nova",
        "notifications.info",
        {create("i-" + std::to_string(i), "vm" + std::to_string(i), ip, "e" + std::to_string(i))}));
    EXPECT_TRUE(wait_until(
        [&] {
          return dig(named.port(), {"+short", name, "A"}).out == ip + "\n";
        },
        std::chrono::seconds(10)))
        << name << "\n"
        << read_file(m_dir / "watch.log");
  }
  // SIGTERM: the watcher ends cleanly.
  EXPECT_EQ(watch->stop(), 0) << read_file(m_dir / "watch.log");
  EXPECT_NE(read_file(m_dir / "watch.log").find("sync: stopping"), std::string::npos);
  named.stop();
  mdns.stop();
}

// amqps://: the broker's certificate is checked against ssl_ca_file (and its name),
// never skipped; with the right CA the events flow as over TCP.
TEST_F(SinkTest, OverTlsTheBrokersCertificateIsChecked) {
  DNSCTL_REQUIRE_TOOLS("/usr/lib/rabbitmq/bin/rabbitmq-server", "openssl", "sqlite3");
  m_rabbit.tls = true;
  ASSERT_TRUE(m_rabbit.start(m_dir / "rabbit")) << m_rabbit.log();
  ASSERT_NO_FATAL_FAILURE(setup_store());
  // rabbitmq-c checks the name against DNS names only: localhost (127.0.0.1 here).
  std::string tls_url =
      "amqps://guest:guest@localhost:" + std::to_string(m_rabbit.tls_port()) + "/";
  std::string handlers = "enabled_notification_handlers = nova_fixed\n[handler:nova_fixed]\n"
                         "zone_id = cloud.example.\nformatv4 = %(hostname)s.%(zone)s\n";
  // Without the CA: refused, and said why, again and again; nothing consumed.
  write_file(m_config, "[sink]\ntransport_url = " + tls_url + "\n" + handlers);
  auto c = dnsctl::process::Child::spawn({DNSCTL_BIN, "--db", m_db, "--config", m_config, "sink"},
                                         (m_dir / "no-ca.log").string());
  ASSERT_TRUE(c);
  EXPECT_TRUE(wait_until([&] {
    return read_file(m_dir / "no-ca.log").find("cannot connect") != std::string::npos;
  })) << read_file(m_dir / "no-ca.log");
  c->stop();
  EXPECT_EQ(read_file(m_dir / "no-ca.log").find("consuming"), std::string::npos);
  // With it: consumed over TLS.
  write_file(m_config,
             "[sink]\ntransport_url = " + tls_url + "\nssl_ca_file = " + m_rabbit.ca_file() + "\n"
                 + handlers);
  ASSERT_TRUE(m_sink.start(m_dir, m_db, m_config)) << m_sink.log();
  EXPECT_TRUE(m_sink.log_has(std::to_string(m_rabbit.tls_port()))) << m_sink.log();
  ASSERT_TRUE(
      m_rabbit.publish("nova", "notifications.info", {create("i-1", "tls1", "172.16.0.14", "t1")}));
  EXPECT_TRUE(wait_until([&] { return a_records("tls1") == "172.16.0.14"; })) << m_sink.log();
}

// Issue 29, item 1: no message can kill the sink. A document nested 70,000 deep (which
// used to kill it with SIGSEGV, and every restart after, since it was never acked) and
// one nested 1,000,000 deep, and a 100 MB message, go to dnsctl-sink.dead with the
// reason while the sink holds no more than a few MiB; the next message is applied. After
// the fix, `sink --retry-dead` takes what was set aside through the handlers again.
TEST_F(SinkTest, PoisonOfAnySizeOrDepthGoesToTheDeadLetterQueue) {
  DNSCTL_REQUIRE_TOOLS("/usr/lib/rabbitmq/bin/rabbitmq-server", "amqp-get", "sqlite3");
  ASSERT_TRUE(m_rabbit.start(m_dir / "rabbit")) << m_rabbit.log();
  ASSERT_NO_FATAL_FAILURE(setup_store());
  ASSERT_TRUE(m_sink.start(m_dir, m_db, m_config)) << m_sink.log();
  auto nested = [](size_t depth) {
    std::string s;
    s.reserve(depth * 6 + 2);
    for (size_t i = 0; i < depth; ++i) {
      s += "{\"a\":";
    }
    s += "1";
    s.append(depth, '}');
    return s;
  };
  std::string big = "{\"event_type\": \"compute.instance.create.end\", \"x\": \""
                    + std::string(100 << 20, 'x') + "\"}";
  // A create whose format needs a key the payload lacks: poison until the fix.
  nlohmann::json lacking = nlohmann::json::parse(create("i-20", "x", "172.16.0.20", "m20"));
  auto inner = nlohmann::json::parse(lacking["oslo.message"].get<std::string>());
  inner["payload"].erase("hostname");
  lacking["oslo.message"] = inner.dump();
  ASSERT_TRUE(m_rabbit.publish("nova",
                               "notifications.info",
                               {nested(70000),
                                nested(1000000),
                                big,
                                lacking.dump(),
                                create("i-21", "next", "172.16.0.21", "m21")}));
  EXPECT_TRUE(
      wait_until([&] { return a_records("next") == "172.16.0.21"; }, std::chrono::seconds(60)))
      << m_sink.log();
  EXPECT_TRUE(m_sink.running());
  EXPECT_TRUE(m_sink.log_has("nested too deep")) << m_sink.log();
  EXPECT_TRUE(m_sink.log_has("longer than [sink] max_message_size (104857")) << m_sink.log();
  EXPECT_TRUE(m_sink.log_has("the event has no \"hostname\"")) << m_sink.log();
#ifndef DNSCTL_TEST_SANITIZED // ASan's shadow and quarantine alone pass the bound
  EXPECT_LT(m_sink.peak_kib(), 64 * 1024) << "the sink held a message it should not";
#endif
  EXPECT_EQ(m_sink.stop(), 0);

  // The fix: the format uses a key the event has. What is in .dead goes through again:
  // the create is applied, the others stay (with their reasons).
  std::string conf = read_file(m_config);
  conf.replace(conf.find("formatv4 = %(hostname)s"), 23, "formatv4 = %(display_name)s");
  write_file(m_config, conf);
  Ran retried = ctl({"sink", "--retry-dead"});
  EXPECT_EQ(retried.code, 2) << retried.out << retried.err; // three are poison still
  EXPECT_NE(retried.out.find("1 applied"), std::string::npos) << retried.out;
  EXPECT_EQ(a_records("x"), "172.16.0.20");
  auto dead = m_rabbit.drain("dnsctl-sink.dead");
  EXPECT_EQ(dead.size(), 3u);
}
