// retrace._retrace — the Python module over the public API of retrace (include/retrace/retrace.h
// only). The package retrace (python/retrace/__init__.py) wraps it with keyword arguments and
// docstrings; this file converts articles in, relations out, and Status values into exceptions.
//
// The GIL is released for the work of each long call (detect, train, add, query, relations);
// articles are pulled from the Python iterable one at a time through an ArticleSource, which
// takes the GIL back for each record.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <retrace/retrace.h>

#include <cmath>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace py = pybind11;
namespace api = retrace::api;

namespace {

// A Status that is not ok, on its way to Python: retrace.InvalidInput, IOError, Busy, Internal
// (classes of retrace._errors, all retrace.Error).
struct StatusError {
  api::Status status;
};

[[noreturn]] void raise(const api::Status& st) { throw StatusError{st}; }

[[noreturn]] void invalid(const std::string& message) {
  raise(api::Status(api::Status::Code::kInvalidInput, message));
}

template <typename T>
T take(api::Result<T>&& r) {
  if (!r.ok()) raise(r.status());
  return std::move(r.value());
}

void check(const api::Status& st) {
  if (!st.ok()) raise(st);
}

const char* error_class(api::Status::Code code) {
  switch (code) {
    case api::Status::Code::kInvalidInput: return "InvalidInput";
    case api::Status::Code::kIOError: return "IOError";
    case api::Status::Code::kBusy: return "Busy";
    default: return "Internal";
  }
}

// The problems of one call (Sink), handed to Python when the call is over: (where, reason, detail).
struct Problems : api::Sink {
  std::mutex mu;
  std::vector<std::tuple<std::string, std::string, std::string>> seen;
  void problem(const std::string& where, const std::string& reason, const std::string& detail) override {
    std::lock_guard<std::mutex> lock(mu);
    seen.emplace_back(where, reason, detail);
  }
  py::list to_list() {
    py::list out;
    for (auto& [w, r, d] : seen) out.append(py::make_tuple(w, r, d));
    return out;
  }
};

std::string type_name(py::handle v) { return py::str(py::type::handle_of(v).attr("__name__")); }

// A field of a record: from a mapping (record[name]; absent, None or NaN: nothing) or from an
// object's attribute of that name.
std::optional<py::object> field(py::handle rec, bool mapping, const char* name) {
  py::object v;
  if (PyDict_Check(rec.ptr())) {  // the usual case, without a method call
    PyObject* item = PyDict_GetItemString(rec.ptr(), name);  // borrowed; no exception
    if (!item) return std::nullopt;
    v = py::reinterpret_borrow<py::object>(item);
  } else if (mapping) {
    v = rec.attr("get")(name);
  } else {
    if (!py::hasattr(rec, name)) return std::nullopt;
    v = rec.attr(name);
  }
  // None, and NaN (pandas' missing value), are no value.
  if (v.is_none()) return std::nullopt;
  if (PyFloat_Check(v.ptr()) && std::isnan(PyFloat_AS_DOUBLE(v.ptr()))) return std::nullopt;
  return v;
}

std::string where_of(size_t position, const std::string& id) {
  std::string w = "record " + std::to_string(position);
  if (!id.empty()) w += " (id " + std::string(py::repr(py::str(id))) + ")";
  return w;
}

// A field's text: a str (UTF-8), bytes as they are (checked as UTF-8 by the library), an int
// for an id or a date (epoch seconds), a date or datetime for a date (isoformat()).
std::string text_of(py::handle v, const char* name, size_t position, const std::string& id) {
  if (PyUnicode_Check(v.ptr())) {
    Py_ssize_t n = 0;
    const char* s = PyUnicode_AsUTF8AndSize(v.ptr(), &n);
    if (!s) {
      PyErr_Clear();
      invalid(where_of(position, id) + ": '" + name + "' is not valid Unicode (a lone surrogate)");
    }
    return std::string(s, static_cast<size_t>(n));
  }
  if (PyBytes_Check(v.ptr())) return std::string(py::bytes(py::reinterpret_borrow<py::object>(v)));
  bool is_int = PyLong_Check(v.ptr()) && !PyBool_Check(v.ptr());
  std::string field_name = name;
  if (is_int && (field_name == "id" || field_name == "date")) return py::str(v);
  if (field_name == "date" && py::hasattr(v, "isoformat")) return py::str(v.attr("isoformat")());
  invalid(where_of(position, id) + ": '" + name + "' is " + type_name(v) + ", not str");
}

// Record `position` (counting from 1) of an iterable as an Article: a mapping with keys id,
// text and optional date, source, title, url, or an object with those attributes.
api::Article to_article(py::handle rec, size_t position) {
  bool mapping = PyDict_Check(rec.ptr()) || (py::hasattr(rec, "keys") && py::hasattr(rec, "get"));
  if (!mapping && (PyUnicode_Check(rec.ptr()) || PyBytes_Check(rec.ptr())))
    invalid(where_of(position, "") + " is a str, not a dict with 'id' and 'text' (to query a plain text, pass it alone)");
  api::Article a;
  auto id = field(rec, mapping, "id");
  if (!id) invalid(where_of(position, "") + ": no 'id' (each article needs an id and a text)");
  a.id = text_of(*id, "id", position, "");
  if (a.id.empty()) invalid(where_of(position, "") + ": 'id' is empty");
  auto text = field(rec, mapping, "text");
  if (!text) invalid(where_of(position, a.id) + ": no 'text'");
  a.text = text_of(*text, "text", position, a.id);
  if (auto v = field(rec, mapping, "date")) a.date = text_of(*v, "date", position, a.id);
  if (auto v = field(rec, mapping, "source")) a.source = text_of(*v, "source", position, a.id);
  if (auto v = field(rec, mapping, "title")) a.title = text_of(*v, "title", position, a.id);
  if (auto v = field(rec, mapping, "url")) a.url = text_of(*v, "url", position, a.id);
  return a;
}

// Pulls the records of a Python iterable (GIL taken for each), remembering their ids in order.
// Made and destroyed with the GIL held.
class PySource {
 public:
  explicit PySource(py::handle iterable, bool keep_ids) : it_(py::iter(iterable)), keep_ids_(keep_ids) {}
  // Called without the GIL (inside a call that released it).
  bool next(api::Article& a) {
    py::gil_scoped_acquire gil;
    PyObject* item = PyIter_Next(it_.ptr());
    if (!item) {
      if (PyErr_Occurred()) throw py::error_already_set();
      return false;
    }
    py::object rec = py::reinterpret_steal<py::object>(item);
    a = to_article(rec, ++count_);
    if (keep_ids_) ids_.push_back(a.id);
    return true;
  }
  api::ArticleSource source() {
    return [this](api::Article& a) { return next(a); };
  }
  std::vector<std::string>& ids() { return ids_; }
 private:
  py::iterator it_;
  bool keep_ids_;
  size_t count_ = 0;
  std::vector<std::string> ids_;
};

api::Options options_of(std::optional<int> threads, bool same_story, bool progress, uint64_t max_text_bytes) {
  api::Options o;
  if (threads) {
    if (*threads < 1 || *threads > 256) invalid("threads must be 1 to 256 (or None: all cores), not " + std::to_string(*threads));
    o.threads = *threads;
  }
  o.same_story = same_story;
  o.progress = progress;
  o.max_text_bytes = max_text_bytes;
  return o;
}

py::list relations_list(std::vector<api::Relation>&& rels) {
  py::list out(rels.size());
  for (size_t i = 0; i < rels.size(); ++i) out[i] = py::cast(std::move(rels[i]));
  return out;
}

py::object span(const api::Span& s) { return py::make_tuple(s.begin, s.end); }

api::Index& live(std::optional<api::Index>& ix) {
  if (!ix || !ix->impl) invalid("the index is closed");
  return *ix;
}

// An Index as Python holds it: closed by close() or at the end of a with block.
struct PyIndex {
  std::optional<api::Index> index;
  std::string path;
};

}  // namespace

PYBIND11_MODULE(_retrace, m) {
  m.doc() = "The C++ core of retrace (use the package retrace, not this module).";

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      py::object cls = py::module_::import("retrace._errors").attr(error_class(e.status.code()));
      PyErr_SetString(cls.ptr(), e.status.message().c_str());
    }
  });

  py::class_<api::Passage>(m, "Passage", "An aligned passage: spans (begin, end) in code points of each text.")
      .def_property_readonly("source", [](const api::Passage& p) { return span(p.source); })
      .def_property_readonly("copy", [](const api::Passage& p) { return span(p.copy); })
      .def_readonly("kind", &api::Passage::kind, "verbatim, noisy or paraphrase")
      .def_readonly("similarity", &api::Passage::similarity)
      .def("__repr__", [](const api::Passage& p) {
        return "<Passage " + p.kind + " source=[" + std::to_string(p.source.begin) + "," + std::to_string(p.source.end) +
               ") copy=[" + std::to_string(p.copy.begin) + "," + std::to_string(p.copy.end) + ")>";
      });

  py::class_<api::Change>(m, "Change", "What the copy changed: spans (begin, end), None where there is none.")
      .def_readonly("kind", &api::Change::kind)
      .def_property_readonly("copy", [](const api::Change& c) -> py::object {
        return c.kind == "dropped" ? py::object(py::none()) : span(c.copy);
      })
      .def_property_readonly("source", [](const api::Change& c) -> py::object {
        return c.kind == "added" ? py::object(py::none()) : span(c.source);
      })
      .def_readonly("copy_text", &api::Change::copy_text)
      .def_readonly("source_text", &api::Change::source_text)
      .def_readonly("detail", &api::Change::detail)
      .def("__repr__", [](const api::Change& c) {
        return "<Change " + c.kind + (c.detail.empty() ? "" : " " + std::string(py::repr(py::str(c.detail)))) + ">";
      });

  py::class_<api::Relation>(m, "Relation")
      .def_readonly("source", &api::Relation::source)
      .def_readonly("copy", &api::Relation::copy)
      .def_readonly("kind", &api::Relation::kind)
      .def_readonly("direction", &api::Relation::direction)
      .def_property_readonly("form", [](const api::Relation& r) -> py::object {
        return r.form.empty() ? py::object(py::none()) : py::object(py::str(r.form));
      })
      .def_readonly("score", &api::Relation::score)
      .def_readonly("coverage_source", &api::Relation::coverage_source)
      .def_readonly("coverage_copy", &api::Relation::coverage_copy)
      .def_readonly("passages", &api::Relation::passages)
      .def_readonly("changes", &api::Relation::changes)
      .def_readonly("json", &api::Relation::json);

  py::class_<api::Model>(m, "Model")
      .def_static(
          "train",
          [](py::object docs, std::optional<int> threads) {
            api::Options o = options_of(threads, false, false, api::Options{}.max_text_bytes);
            PySource src(docs, false);
            py::gil_scoped_release nogil;
            return take(api::Model::train(src.source(), o));
          },
          py::arg("docs"), py::arg("threads") = py::none())
      .def_static(
          "load",
          [](const std::string& path) {
            py::gil_scoped_release nogil;
            return take(api::Model::load(path));
          },
          py::arg("path"))
      .def(
          "save",
          [](const api::Model& model, const std::string& path) {
            py::gil_scoped_release nogil;
            check(model.save(path));
          },
          py::arg("path"))
      .def_property_readonly("documents", &api::Model::documents);

  m.def(
      "detect",
      [](py::object docs, std::optional<int> threads, bool same_story, bool progress, uint64_t max_text_bytes,
         const api::Model* model) {
        api::Options o = options_of(threads, same_story, progress, max_text_bytes);
        Problems problems;
        std::vector<api::Relation> rels;
        PySource src(docs, true);
        {
          py::gil_scoped_release nogil;
          rels = take(api::detect(src.source(), o, model, &problems));
        }
        return py::make_tuple(relations_list(std::move(rels)), py::cast(std::move(src.ids())), problems.to_list());
      },
      py::arg("docs"), py::arg("threads"), py::arg("same_story"), py::arg("progress"), py::arg("max_text_bytes"),
      py::arg("model").none(true));

  py::class_<PyIndex>(m, "Index")
      .def_static(
          "create",
          [](const std::string& path, const api::Model& model, std::optional<int> threads, bool same_story) {
            api::Options o = options_of(threads, same_story, false, api::Options{}.max_text_bytes);
            PyIndex ix{std::nullopt, path};
            py::gil_scoped_release nogil;
            ix.index = take(api::Index::create(path, model, o));
            return ix;
          },
          py::arg("path"), py::arg("model"), py::arg("threads"), py::arg("same_story"))
      .def_static(
          "open",
          [](const std::string& path, bool writable, std::optional<int> threads, bool same_story) {
            api::Options o = options_of(threads, same_story, false, api::Options{}.max_text_bytes);
            PyIndex ix{std::nullopt, path};
            py::gil_scoped_release nogil;
            ix.index = take(api::Index::open(path, writable, o));
            return ix;
          },
          py::arg("path"), py::arg("writable"), py::arg("threads"), py::arg("same_story"))
      .def_readonly("path", &PyIndex::path)
      .def_property_readonly("closed", [](const PyIndex& ix) { return !ix.index || !ix.index->impl; })
      .def("close",
           [](PyIndex& ix) {
             py::gil_scoped_release nogil;
             ix.index.reset();
           })
      .def(
          "add",
          [](PyIndex& ix, py::object docs) {
            api::Index& index = live(ix.index);
            Problems problems;
            std::vector<api::Relation> rels;
            PySource src(docs, false);
            {
              py::gil_scoped_release nogil;
              rels = take(index.add(src.source(), &problems));
            }
            return py::make_tuple(relations_list(std::move(rels)), problems.to_list());
          },
          py::arg("docs"))
      .def(
          "query",
          [](PyIndex& ix, py::object docs) {
            api::Index& index = live(ix.index);
            std::vector<api::Article> articles;
            size_t n = 0;
            for (py::handle rec : docs) articles.push_back(to_article(rec, ++n));
            std::vector<api::Relation> rels;
            {
              py::gil_scoped_release nogil;
              rels = take(index.query(articles));
            }
            return relations_list(std::move(rels));
          },
          py::arg("docs"))
      .def("stats",
           [](PyIndex& ix) {
             api::IndexStats s;
             {
               api::Index& index = live(ix.index);
               py::gil_scoped_release nogil;
               s = take(index.stats());
             }
             py::dict d;
             d["documents"] = s.documents;
             d["duplicates"] = s.duplicates;
             d["relations"] = s.relations;
             d["relations_by_kind"] = py::cast(s.relations_by_kind);
             d["segments"] = s.segments;
             d["postings"] = s.postings;
             d["disk_bytes"] = s.disk_bytes;
             d["model_documents"] = s.model_documents;
             return d;
           })
      .def("relations",
           [](PyIndex& ix) {
             api::Index& index = live(ix.index);
             std::vector<api::Relation> rels;
             {
               py::gil_scoped_release nogil;
               rels = take(index.relations());
             }
             return relations_list(std::move(rels));
           })
      .def(
          "remove",
          [](PyIndex& ix, std::vector<std::string> ids) {
            api::Index& index = live(ix.index);
            py::gil_scoped_release nogil;
            return take(index.remove(ids));
          },
          py::arg("ids"))
      .def("compact", [](PyIndex& ix) {
        api::Index& index = live(ix.index);
        py::gil_scoped_release nogil;
        check(index.compact());
      });

  m.def("version", [] { return std::string(api::version()); });
}
