// An agency's archive in an index, and a reprint pulled out of an e-paper queried against it:
// the public API of retrace (include/retrace/retrace.h) from a program of its own.
// Usage: retrace_example INDEX_DIR   (the folder must not exist yet)
#include <retrace/retrace.h>

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: retrace_example INDEX_DIR\n";
    return 64;
  }
  namespace rt = retrace::api;
  const std::string story =
      "The harbour bridge will close for repairs from Monday, the city council said. Engineers found cracks in two "
      "of the steel supports during a routine inspection last month. The repairs are expected to take six weeks "
      "and cost 2.4 million pounds, the council said. Traffic will be sent through the eastern ring road while the "
      "bridge is closed. Shop owners near the harbour said they feared losing trade during the busy summer season.";
  std::vector<rt::Article> archive = {
      {"wire-0412", story, "2025-06-02", "wire"},
      {"wire-0413", "Snow fell heavily overnight in the mountains, closing two passes and stranding a coach of "
                    "tourists near the border. Rescue teams reached them by morning.",
       "2025-06-02", "wire"},
  };
  // The e-paper copy: a page line in the middle and words run together by the PDF extraction.
  std::string reprint = story;
  reprint.replace(reprint.find("Traffic will"), 0, "\nCITY NEWS  Page 4\n");
  reprint.replace(reprint.find("the steel"), 9, "thesteel");

  auto model = rt::Model::train(archive);
  if (!model.ok()) return std::cerr << model.status().message() << "\n", 1;
  auto index = rt::Index::create(argv[1], *model);
  if (!index.ok()) return std::cerr << index.status().message() << "\n", 1;
  auto added = index->add(archive);
  if (!added.ok()) return std::cerr << added.status().message() << "\n", 1;
  auto found = index->query({{"epaper-0601", reprint, "2025-06-03", "regional-epaper"}});
  if (!found.ok()) return std::cerr << found.status().message() << "\n", 1;
  for (const auto& r : *found)
    std::cout << r.source << " -> " << r.copy << " " << r.kind << " " << r.direction << " score " << r.score << "\n";
  auto stats = index->stats();
  std::cout << "indexed " << stats->documents << " articles; retrace " << rt::version() << "\n";
  return found->empty() ? 1 : 0;
}
