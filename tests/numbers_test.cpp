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

// Spelled-out figures as a rewriter writes them have the value of the digits they replace.
TEST(Numbers, CompoundNumberWords) {
  EXPECT_DOUBLE_EQ(only("The park covers a hundred and thirty-three hectares.").value, 133);
  EXPECT_DOUBLE_EQ(only("The report made one hundred and one recommendations.").value, 101);
  EXPECT_DOUBLE_EQ(only("Fifty-one organisations signed it.").value, 51);
  EXPECT_DOUBLE_EQ(only("They hope to hire twenty-five thousand officers.").value, 25000);
  EXPECT_DOUBLE_EQ(only("Tickets cost a hundred and fifty dollars.").value, 150);
  EXPECT_EQ(only("Tickets cost a hundred and fifty dollars.").unit, "$");
  EXPECT_DOUBLE_EQ(only("It was two and a half hours late.").value, 2.5);
  EXPECT_TRUE(same_number(only("He gave ten thousand dollars."), only("He gave $10,000.")));
  Found f = numbers_in("The park covers a hundred and thirty-three hectares.");
  EXPECT_EQ(span_text(f, 0), "a hundred and thirty-three");
}

TEST(Numbers, MoneyInWords) {
  auto a = only("The tax will raise fifty million pounds, they said.");
  auto b = only("The tax will raise £50m, they said.");
  EXPECT_DOUBLE_EQ(a.value, 5e7);
  EXPECT_EQ(a.unit, "£");
  EXPECT_TRUE(same_number(a, b));
  auto c = only("A ticket costs five dollars ninety-five.");
  EXPECT_DOUBLE_EQ(c.value, 5.95);
  EXPECT_EQ(c.unit, "$");
  EXPECT_TRUE(same_number(c, only("A ticket costs $5.95.")));
}

TEST(Numbers, DurationsInOtherUnits) {
  EXPECT_TRUE(same_number(only("The meeting took half an hour."), only("The meeting took 30 minutes.")));
  EXPECT_TRUE(same_number(only("He led it for two decades."), only("He led it for 20 years.")));
  EXPECT_TRUE(same_number(only("Callers wait one minute and five seconds."), only("Callers wait 65 seconds.")));
  EXPECT_FALSE(same_number(only("The meeting took half an hour."), only("The meeting took 20 minutes.")));
  EXPECT_FALSE(same_number(only("The idea came a year ago."), only("The idea came two years ago.")));
  // A rate is not a duration: "£3,000 a year" is one figure.
  EXPECT_EQ(only("Fees rise to £3,000 a year.").unit, "£");
  EXPECT_EQ(only("It meets twice a year.").unit, "times");  // "twice", not a year
  EXPECT_EQ(only("It draws 2 million tourists a year.").value, 2e6);
}

TEST(Numbers, ScoresClockTimesAndHalfADozen) {
  auto a = only("They won 3-0 at home.");
  auto b = only("They won three-nil at home.");
  EXPECT_EQ(a.unit, "score");
  EXPECT_TRUE(same_number(a, b));
  EXPECT_FALSE(same_number(a, only("They won 3-1 at home.")));
  EXPECT_TRUE(same_number(only("It ended 2-2."), only("It ended two-all.")));
  EXPECT_TRUE(same_number(only("The plane lands at 10pm GMT."), only("The plane lands at 2200 GMT.")));
  EXPECT_DOUBLE_EQ(only("She named half a dozen areas.").value, 6);
  EXPECT_TRUE(same_number(only("It sold twice as many."), only("It sold two times as many.")));
  EXPECT_FALSE(same_number(only("It sold twice as many."), only("It sold three times as many.")));
  EXPECT_DOUBLE_EQ(only("He said twenty-five thousand.").value, 25000);
}

TEST(Numbers, OrdinalsAndFractions) {
  auto a = only("He scored in the 14th minute.");
  auto b = only("He scored in the fourteenth minute.");
  EXPECT_TRUE(a.ordinal);
  EXPECT_TRUE(b.ordinal);
  EXPECT_TRUE(same_number(a, b));
  EXPECT_DOUBLE_EQ(only("Wednesday are fourth in the league.").value, 4);
  EXPECT_DOUBLE_EQ(only("It was the twenty-first attempt.").value, 21);
  EXPECT_TRUE(same_number(only("He won his twenty-third cap."), only("He won his 23rd cap.")));
  // "first" alone is not a figure ("for the first time").
  EXPECT_TRUE(numbers_in("For the first time, he spoke.").numbers.empty());
  auto f = only("A fifth of all callers give up.");
  EXPECT_TRUE(f.fraction);
  EXPECT_EQ(f.unit, "%");
  EXPECT_DOUBLE_EQ(f.value, 20);
  EXPECT_TRUE(same_number(f, only("20% of all callers give up.")));
  EXPECT_FALSE(same_number(f, only("10% of all callers give up.")));
  EXPECT_TRUE(same_number(only("Two thirds of voters agreed."), only("67% of voters agreed.")));
  EXPECT_DOUBLE_EQ(only("Some three quarters of a million voted.").value, 7.5e5);
}

TEST(Numbers, OneAloneIsNotAFigure) {
  EXPECT_TRUE(numbers_in("One of the men left.").numbers.empty());
  EXPECT_DOUBLE_EQ(only("It took one hour.").value, 1);
  EXPECT_DOUBLE_EQ(only("It cost one million dollars.").value, 1e6);
}

TEST(Numbers, ThousandsPoint) {
  auto a = only("A crowd of 29.603 watched.");
  EXPECT_TRUE(same_number(a, only("A crowd of 29,603 watched.")));
  EXPECT_TRUE(same_number(only("Rates rose 2.5 percent."), only("Rates rose 2.5%.")));
}

}  // namespace
}  // namespace retrace
