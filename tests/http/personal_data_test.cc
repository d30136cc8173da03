// No personal data in public responses (domain.md §1, §2): the demo data
// set is loaded into the server's store, every personal value it recorded
// (legal representatives, contacts, phones, e-mails, complainants, live
// salespersons' addresses) is collected from the files as staff read them,
// and every public endpoint is called for every certificate and with many
// searches; none of those values may appear in any public body.
#include <catch2/catch.hpp>

#include <set>

#include "certreg/fixtures/demo_data.h"
#include "fixtures/demo_data_internal.h"
#include "http/http_steps.h"

namespace certreg::testing {
namespace {

void AddPersonal(const domain::PersonalData& p, std::set<std::string>* out) {
  for (const std::string* v : {&p.legal_representative, &p.contact_name, &p.phone, &p.email, &p.address}) {
    if (!v->empty()) out->insert(*v);
  }
}

TEST_CASE("no public response carries any personal value of the demo data set", "[http][public][personal-data]") {
  HttpFixture fx;
  auto loaded = app::LoadDemo(fx.service());
  INFO((loaded.ok() ? std::string() : loaded.status().ToString()));
  REQUIRE(loaded.ok());
  REQUIRE(loaded->files == app::demo::DemoEntries().size());

  // --- every personal value recorded, as the files hold them -----------------------------
  std::set<std::string> personal;
  std::size_t complainants = 0, salesperson_addresses = 0;
  auto queue = Ok(fx.Get("/api/v1/files?page_size=100", "clerk"));
  REQUIRE(queue["total"] == loaded->files);
  for (const auto& item : queue["items"]) {
    const std::string id = item["file_id"];
    auto view = fx.service().LoadFile(id);
    REQUIRE(view.ok());
    for (const domain::Event& e : view->events) {
      if (const auto* s = std::get_if<domain::ApplicationSubmitted>(&e.body)) {
        AddPersonal(s->form.personal, &personal);
        if (!s->form.personal.address.empty()) ++salesperson_addresses;
      }
      if (const auto* r = std::get_if<domain::RecertificationApplied>(&e.body)) AddPersonal(r->form.personal, &personal);
      if (const auto* c = std::get_if<domain::ComplaintReceived>(&e.body)) {
        AddPersonal(c->complainant, &personal);
        if (!c->complainant.empty()) ++complainants;
      }
    }
    // Staff see the application's personal data (so the values are really there).
    const Reply file = Ok(fx.Get("/api/v1/files/" + id, "clerk"));
    const json& contact = file["application"]["applicant"]["contact"];
    CHECK(personal.count(contact["phone"].get<std::string>()) == 1);
    CHECK(personal.count(contact["email"].get<std::string>()) == 1);
    CHECK(personal.count(file["application"]["applicant"]["legal_representative"].get<std::string>()) == 1);
  }
  CHECK(complainants >= 4);
  CHECK(salesperson_addresses == 2);
  // The demo's own table agrees: every holder's personal fields were collected.
  for (const auto& entry : app::demo::DemoEntries()) {
    const auto& h = entry.holder;
    for (const std::string& v : {h.legal_representative, h.contact_name, h.phone, h.email}) CHECK(personal.count(v) == 1);
    if (h.org_type == domain::OrgType::kLiveSalesperson) CHECK(personal.count(h.address) == 1);
  }

  // --- the certificates, and the names the public may see ----------------------------------
  std::vector<json> certificates;
  for (int page = 1;; ++page) {
    const Reply all = Ok(fx.Get("/public/v1/certificates?page_size=10&page=" + std::to_string(page)));
    for (const auto& item : all["items"]) certificates.push_back(item);
    if (all["items"].empty() || certificates.size() >= all["total"].get<std::size_t>()) break;
  }
  REQUIRE(certificates.size() >= 20);
  // Paged in certificate-number order, each once.
  for (std::size_t i = 1; i < certificates.size(); ++i) {
    CHECK(certificates[i - 1]["certificate_no"].get<std::string>() < certificates[i]["certificate_no"].get<std::string>());
  }
  std::set<std::string> public_names;
  for (const json& c : certificates) {
    public_names.insert(c["holder_name"].get<std::string>());
    for (const auto& former : c["former_names"]) public_names.insert(former.get<std::string>());
  }
  // A live salesperson is a natural person whose own name is the certificate's
  // holder name (and the legal representative field of the application): that
  // name is public by the rule. Nothing else is set aside.
  std::set<std::string> forbidden;
  for (const std::string& v : personal) {
    if (!public_names.count(v)) forbidden.insert(v);
  }
  REQUIRE(forbidden.size() + 2 >= personal.size());
  REQUIRE(forbidden.size() > 100);

  // --- every public endpoint -------------------------------------------------------------
  std::size_t bodies = 0;
  auto check_public = [&](const std::string& path) {
    const Reply reply = fx.Get(path);
    INFO(path);
    REQUIRE(reply.status == 200);
    ++bodies;
    std::vector<std::string> leaked;
    for (const std::string& v : forbidden) {
      if (reply.body.find(v) != std::string::npos) leaked.push_back(v);
    }
    CHECK(leaked == std::vector<std::string>{});
    return reply;
  };
  std::set<std::string> statuses;
  for (const json& c : certificates) {
    const std::string number = c["certificate_no"];
    statuses.insert(c["status"].get<std::string>());
    check_public("/public/v1/certificates/" + number);
    check_public("/public/v1/certificates/" + number + "?include=history");
    check_public("/public/v1/certificates/" + number + "/history");
    check_public("/public/v1/certificates?q=" + Q(number));
    if (!c["uscc"].is_null()) check_public("/public/v1/certificates?q=" + c["uscc"].get<std::string>());
    check_public("/public/v1/certificates?q=" + Q(c["holder_name"].get<std::string>()));
  }
  CHECK(statuses == std::set<std::string>{"VALID", "SUSPENDED", "REVOKED", "CANCELLED"});
  for (const char* q : {"", "星河", "优选", "好物", "服饰直播", "直播", "有限公司", "杭州", "CMM-525", "a", "@", "138"}) {
    for (const char* status : {"", "VALID", "SUSPENDED", "REVOKED", "CANCELLED"}) {
      std::string path = "/public/v1/certificates?page_size=100&q=" + Q(q);
      if (*status) path += std::string("&status=") + status;
      check_public(path);
    }
  }
  // Searching by a personal value finds nothing: the public index holds none.
  for (const std::string& v : forbidden) {
    const Reply r = check_public("/public/v1/certificates?q=" + Q(v));
    INFO("searched for " << v);
    CHECK(r["total"] == 0);
  }
  CHECK(bodies > 200);
}

}  // namespace
}  // namespace certreg::testing
