// bench/pairsim.cpp — the sentence evidence of labelled sentence pairs, for fitting the sentence
// similarity (eval/fit_model.py): reads the MSR paraphrase corpus format (Quality TAB id TAB id
// TAB sentence TAB sentence, one header line) and prints, per pair, the label and every feature
// of their alignment (align/sentences.h). Corpus statistics are not used (background-only).
// Usage: retrace_pairsim FILE > features.tsv
#include <fstream>
#include <iostream>
#include <sstream>

#include "align/sentences.h"
#include "clean/clean.h"
#include "clean/lexicon.h"

using namespace retrace;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: retrace_pairsim MSRP_FILE\n";
    return 64;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << argv[1] << ": cannot open\n";
    return 2;
  }
  std::string line;
  std::getline(in, line);  // header
  Lexicon lex;             // empty: no corpus statistics
  std::cout << "label";
  for (const auto& f : alignment_features()) std::cout << '\t' << f.name;
  std::cout << '\n';
  size_t lineno = 1;
  while (std::getline(in, line)) {
    ++lineno;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string x;
    while (std::getline(ss, x, '\t')) f.push_back(x);
    if (f.size() < 5) {
      std::cerr << argv[1] << ":" << lineno << ": not 5 fields, skipped\n";
      continue;
    }
    Document a, b;
    a.text = f[3];
    b.text = f[4];
    CleanDoc ca = clean_document(a, {}), cb = clean_document(b, {});
    DocSentences sa = sentence_vectors(a, ca, lex), sb = sentence_vectors(b, cb, lex);
    if (sa.s.empty() || sb.s.empty()) continue;
    // The alignment of the two texts, as the relate stage sees a pair (sentences and, for
    // short texts, the texts taken whole).
    SentenceAlignment al = align_sentences(sa, sb);
    std::cout << f[0];
    for (const auto& ft : alignment_features()) std::cout << '\t' << al.*ft.field;
    std::cout << '\n';
  }
}
