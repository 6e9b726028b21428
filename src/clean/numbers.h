// clean/numbers.h — figures by value: "2.5 hours" = "two and a half hours",
// "$1.13bn" = "$1.13 billion", "76%" = "76 percent", "a hundred and thirty-three" = 133,
// "fifty million pounds" = "£50m", "10pm" = "2200", "3-0" = "three-nil" (a score),
// "fourteenth" = "14th", "a fifth" = "20%".
//
// Takes a CleanDoc's tokens (and the text, for symbols such as $, £, % that are not words);
// gives every number mention with its value, unit and span. Used as rewrite evidence
// (a figure survives rewording) and by the audit stage to tell changed figures from
// re-expressed ones.
#pragma once
#include <string>
#include <vector>

#include "clean/clean.h"

namespace retrace {

struct NumberMention {
  double value = 0;
  std::string unit;      // "%", "$", "£", "€", "hour", "minute", ..., "" for a bare count
  uint32_t tok_begin = 0, tok_end = 0;  // tokens covered
  Span span;             // bytes in the text, symbols included ("$1.13bn")
  bool year_like = false;  // a four-digit integer 1800..2100 with no unit
  double alt = -1;         // another reading of an ambiguous figure ("200m": 200 metres or 200 million,
                           // "29.603": 29,603 written with a thousands point), or -1
  bool ordinal = false;    // "14th", "fourteenth", "twenty-first"
  bool fraction = false;   // "a fifth", "two thirds": a share, given in "%" unless of a unit
};

// True if the two mentions can be the same figure: values equal, either reading; durations in a
// common measure ("half an hour" = "30 minutes", "two decades" = "20 years"); a fraction in words
// within half a point of a percentage ("two thirds" = "67%").
bool same_number(const NumberMention& a, const NumberMention& b);

// Number mentions among tokens [tok_begin, tok_end) of doc.
std::vector<NumberMention> find_numbers(const std::string& text, const CleanDoc& doc, uint32_t tok_begin,
                                        uint32_t tok_end);

// A canonical key of value and unit, e.g. "2.5|hour", "1130000000|$".
std::string number_key(const NumberMention& m);

// True if two values are the same figure (relative difference below 1e-6).
bool same_value(double a, double b);

}  // namespace retrace
