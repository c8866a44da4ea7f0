package dev.trawl.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RewriteRuleTest {

  @Test
  void seedRuleTurnsThumbnailIntoFullSizePicture() {
    RewriteRule rule = RewriteRule.parse("thumb_=>thumbMid_");

    assertThat(rule.apply("http://gallery.test/uploads/thumb_1234.jpg"))
        .isEqualTo("http://gallery.test/uploads/thumbMid_1234.jpg");
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(
      delimiter = '|',
      emptyValue = "",
      value = {
        "thumb_=>thumbMid_ | http://g.test/uploads/thumb_7.jpg | http://g.test/uploads/thumbMid_7.jpg",
        "/(\\d+)_s\\.jpg$=>/$1_l.jpg | http://g.test/i/42_s.jpg | http://g.test/i/42_l.jpg",
        "(?<id>\\d+)-small=>${id}-large | http://g.test/9-small.png | http://g.test/9-large.png",
        "\\?.*$=> | http://g.test/a.jpg?w=200&h=100 | http://g.test/a.jpg",
        "a=>b | http://aaa.test/ | http://bbb.test/",
        "nomatch=>x | http://g.test/a.jpg | http://g.test/a.jpg",
        "x=>\\$1 | http://g.test/x | http://g.test/$1",
        "(a)=>$10 | http://g.test/a | http://g.test/a0",
        "^http:=>https: | http://g.test/a.jpg | https://g.test/a.jpg"
      })
  void ruleReplacesEveryMatch(String spec, String url, String expected) {
    assertThat(RewriteRule.parse(spec).apply(url)).isEqualTo(expected);
  }

  @Test
  void catastrophicBacktrackingStopsAtTheStepBudgetNamingRuleAndUrl() {
    RewriteRule rule = RewriteRule.parse("(.*a){20}x=>y");
    String url = "http://g.test/" + "a".repeat(26);
    long start = System.nanoTime();

    assertThatThrownBy(() -> rule.apply(url))
        .isInstanceOf(RewriteTooSlowException.class)
        .hasMessageContaining("(.*a){20}x=>y")
        .hasMessageContaining(url);
    // Unbounded, this match would run for hours; bounded, well under a second even under load.
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }

  @Test
  void linearRuleOnTheLongestAllowedUrlStaysWithinTheBudget() {
    String url = "http://g.test/" + "thumb_".repeat(338) + "1.jpg"; // about 2,048 chars

    assertThat(RewriteRule.parse("thumb_(\\w*)\\.jpg$=>full_$1.jpg").apply(url))
        .startsWith("http://g.test/full_thumb_");
    // quadratic on a URL without an x: about 2 million steps, within the budget
    assertThat(RewriteRule.parse("(\\w*)x=>y").apply(url)).isEqualTo(url);
    assertThat(RewriteRule.parse("^(.*)/([^/]*)$=>$1/big/$2").apply(url)).contains("/big/");
  }

  @Test
  void specIsSplitAtTheFirstArrow() {
    RewriteRule rule = RewriteRule.parse("a=>b=>c");

    assertThat(rule.pattern().pattern()).isEqualTo("a");
    assertThat(rule.replacement()).isEqualTo("b=>c");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "thumb_ | missing '=>'",
        "=>thumbMid_ | empty regex",
        "(=>x | Unclosed group",
        "[a=>x | Unclosed character class",
        "*=>x | Dangling meta character",
        "a=>$1 | no group 1 in the regex (it has 0)",
        "(a)=>$2 | no group 2 in the regex (it has 1)",
        "a=>${id} | no group named 'id'",
        "(?<id>a)=>${id | unclosed ${",
        "a=>x\\ | trailing '\\'",
        "a=>x$ | trailing '$'",
        "a=>$x | '$' must be followed by a group number"
      })
  void badSpecIsRejectedWithOneLineReason(String spec, String reason) {
    assertThatThrownBy(() -> RewriteRule.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bad rewrite '" + spec + "': ")
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k) | $11$1$0 | abcdefghijk",
        "(?<n>\\d)(x) | ${n}\\\\$2\\$ | 1x",
        "(a) | $1$1 | a"
      })
  void acceptedReplacementNeverFailsWhenApplied(String regex, String replacement, String input) {
    RewriteRule rule = RewriteRule.parse(regex + "=>" + replacement);

    assertThat(rule.apply(input))
        .isEqualTo(Pattern.compile(regex).matcher(input).replaceAll(replacement));
  }

  @Test
  void constructorRejectsReplacementNamingMissingGroup() {
    assertThatThrownBy(() -> new RewriteRule(Pattern.compile("a"), "$1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no group 1");
  }

  @Test
  void rulesWithTheSameTextAreEqual() {
    assertThat(RewriteRule.parse("a(b)=>$1")).isEqualTo(RewriteRule.parse("a(b)=>$1"));
    assertThat(RewriteRule.parse("a(b)=>$1")).hasSameHashCodeAs(RewriteRule.parse("a(b)=>$1"));
  }

  @Test
  void toStringIsTheSpec() {
    assertThat(RewriteRule.parse("thumb_=>thumbMid_")).hasToString("thumb_=>thumbMid_");
  }
}
