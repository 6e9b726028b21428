// Tests of figures by value (clean/numbers.h): the same figure written differently is the
// same value and unit; different figures differ.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clean/clean.h"
#include "clean/numbers.h"
#include "test_support.h"

namespace retrace {
namespace {

struct Found {
  std::string text;
  std::vector<NumberMention> numbers;
};

Found numbers_in(const std::string& text) {
  Document d = rtest::make_doc("n", text);
  CleanDoc c = clean_document(d, {});
  return {text, find_numbers(d.text, c, 0, static_cast<uint32_t>(c.tokens.size()))};
}

// The only number mention of a phrase.
NumberMention only(const std::string& text) {
  Found f = numbers_in(text);
  EXPECT_EQ(f.numbers.size(), 1u) << text;
  if (f.numbers.empty()) return {};
  return f.numbers[0];
}

std::string span_text(const Found& f, size_t k) { return rtest::slice(f.text, f.numbers[k].span); }

TEST(Numbers, HoursInDigitsAndInWords) {
  auto a = only("The flight took 2.5 hours in the end.");
  auto b = only("The flight took two and a half hours in the end.");
  EXPECT_DOUBLE_EQ(a.value, 2.5);
  EXPECT_EQ(a.unit, "hour");
  EXPECT_DOUBLE_EQ(b.value, 2.5);
  EXPECT_EQ(b.unit, "hour");
  EXPECT_TRUE(same_number(a, b));
  EXPECT_EQ(number_key(a), number_key(b));
  EXPECT_EQ(number_key(a), "2.5|hour");
  Found f = numbers_in("The flight took two and a half hours in the end.");
  EXPECT_EQ(span_text(f, 0), "two and a half hours");
}

TEST(Numbers, BillionsAbbreviatedAndSpelledOut) {
  Found fa = numbers_in("Profits jumped to $1.13bn in the quarter.");
  Found fb = numbers_in("Profits jumped to $1.13 billion in the quarter.");
  ASSERT_EQ(fa.numbers.size(), 1u);
  ASSERT_EQ(fb.numbers.size(), 1u);
  EXPECT_DOUBLE_EQ(fa.numbers[0].value, 1.13e9);
  EXPECT_EQ(fa.numbers[0].unit, "$");
  EXPECT_TRUE(same_number(fa.numbers[0], fb.numbers[0]));
  EXPECT_EQ(number_key(fa.numbers[0]), number_key(fb.numbers[0]));
  EXPECT_EQ(span_text(fa, 0), "$1.13bn");
  EXPECT_EQ(span_text(fb, 0), "$1.13 billion");
}

TEST(Numbers, PercentSignPercentAndPerCent) {
  auto a = only("Shares rose 76% on Monday.");
  auto b = only("Shares rose 76 percent on Monday.");
  auto c = only("Shares rose 76 per cent on Monday.");
  for (auto* m : {&a, &b, &c}) {
    EXPECT_DOUBLE_EQ(m->value, 76);
    EXPECT_EQ(m->unit, "%");
  }
  EXPECT_EQ(number_key(a), number_key(b));
  EXPECT_EQ(number_key(a), number_key(c));
  Found f = numbers_in("Shares rose 76% on Monday.");
  EXPECT_EQ(span_text(f, 0), "76%");
}

TEST(Numbers, PoundsMillions) {
  Found f = numbers_in("The deal is worth £600m, the firm said.");
  ASSERT_EQ(f.numbers.size(), 1u);
  EXPECT_DOUBLE_EQ(f.numbers[0].value, 6e8);
  EXPECT_EQ(f.numbers[0].unit, "£");
  EXPECT_EQ(span_text(f, 0), "£600m");
  auto b = only("The deal is worth 600 million pounds, the firm said.");
  EXPECT_TRUE(same_number(f.numbers[0], b));
  EXPECT_EQ(b.unit, "£");
}

TEST(Numbers, DifferentCountsDiffer) {
  auto a = only("Police said 45,000 people marched.");
  auto b = only("Police said 50,000 people marched.");
  EXPECT_DOUBLE_EQ(a.value, 45000);
  EXPECT_DOUBLE_EQ(b.value, 50000);
  EXPECT_EQ(a.unit, "people");
  EXPECT_EQ(b.unit, "people");
  EXPECT_FALSE(same_number(a, b));
  EXPECT_NE(number_key(a), number_key(b));
}

TEST(Numbers, WordsScalesAndFractions) {
  EXPECT_DOUBLE_EQ(only("It cost half a million dollars.").value, 5e5);
  EXPECT_DOUBLE_EQ(only("Some three quarters of a million voted.").value, 7.5e5);
  EXPECT_DOUBLE_EQ(only("They waited twenty five minutes.").value, 25);
  EXPECT_EQ(only("They waited twenty five minutes.").unit, "minute");
  EXPECT_DOUBLE_EQ(only("A dozen eggs were sold.").value, 12);
  EXPECT_DOUBLE_EQ(only("Nearly 1.2 million homes lost power.").value, 1.2e6);
  EXPECT_DOUBLE_EQ(only("Some 2,000 troops were lost.").value, 2000);
  EXPECT_EQ(only("Some 2,000 troops were lost.").unit, "people");
}

TEST(Numbers, YearsAndAmbiguousMetres) {
  auto y = only("The law was passed in 2004 by parliament.");
  EXPECT_TRUE(y.year_like);
  auto m = only("He won the 200m final.");
  EXPECT_DOUBLE_EQ(m.value, 200);
  EXPECT_EQ(m.unit, "m");
  EXPECT_DOUBLE_EQ(m.alt, 2e8);
  auto mil = only("It raised 200 million for charity.");
  EXPECT_TRUE(same_number(m, mil));  // either reading
  EXPECT_TRUE(same_value(1.0, 1.0 + 1e-9));
  EXPECT_FALSE(same_value(1.0, 1.001));
}

TEST(Numbers, SeveralInOneSentenceWithSpans) {
  Found f = numbers_in("Quarterly profits jumped 76% to $1.13bn (£600m) for the three months to December.");
  ASSERT_EQ(f.numbers.size(), 4u);
  EXPECT_EQ(span_text(f, 0), "76%");
  EXPECT_EQ(span_text(f, 1), "$1.13bn");
  EXPECT_EQ(span_text(f, 2), "£600m");
  EXPECT_EQ(f.numbers[3].value, 3);
  EXPECT_EQ(f.numbers[3].unit, "month");
}

}  // namespace
}  // namespace retrace
