// libFuzzer target: the clean stage (clean/clean.h) on arbitrary UTF-8 text, with a small
// lexicon and boilerplate model so that run-together repair and furniture removal run too.
// Run: build-fuzz/fuzz_clean -max_total_time=60 fuzz/corpus/clean
#include <cstdint>
#include <string>

#include "clean/clean.h"
#include "clean/furniture.h"
#include "clean/lexicon.h"
#include "core/utf8.h"

namespace {

struct Context {
  retrace::Lexicon lexicon;
  retrace::Boilerplate boilerplate;
  retrace::CleanContext ctx;
  Context() {
    retrace::LexiconBuilder b;
    for (const char* t : {"The council said the bridge will close for repairs in March.",
                          "Shares in the company rose 14% on Tuesday after the announcement.",
                          "Police said the man, 45, was arrested at the scene."}) {
      retrace::Document d;
      d.id = t;
      d.text = t;
      b.add_document(d);
    }
    b.merge_into(lexicon);
    boilerplate.finish();
    ctx = retrace::CleanContext{&lexicon, &boilerplate};
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Context c;
  retrace::Document d;
  d.id = "fuzz";
  d.text.assign(reinterpret_cast<const char*>(data), size);
  if (!retrace::utf8_valid(d.text)) return 0;  // the reader lets only valid UTF-8 through
  d.source = "outlet";
  retrace::clean_document(d, c.ctx);
  return 0;
}
