package dev.trawl.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UrlRewriterTest {

  @Test
  void rulesApplyInOrderEachToThePreviousResult() {
    UrlRewriter rewriter =
        new UrlRewriter(
            List.of(RewriteRule.parse("thumb_=>mid_"), RewriteRule.parse("mid_=>full_")));

    assertThat(rewriter.rewrite("http://g.test/thumb_1.jpg")).isEqualTo("http://g.test/full_1.jpg");
  }

  @Test
  void noneReturnsTheUrlUnchanged() {
    assertThat(UrlRewriter.none().rewrite("http://g.test/thumb_1.jpg"))
        .isEqualTo("http://g.test/thumb_1.jpg");
  }

  @Test
  void rewriterWithoutRulesIsIdentity() {
    assertThat(UrlRewriter.none().isIdentity()).isTrue();
    assertThat(new UrlRewriter(List.of()).isIdentity()).isTrue();
  }

  @Test
  void rewriterWithRulesIsNotIdentity() {
    assertThat(new UrlRewriter(List.of(RewriteRule.parse("a=>b"))).isIdentity()).isFalse();
  }

  @Test
  void ruleListIsCopied() {
    List<RewriteRule> rules = new ArrayList<>();
    UrlRewriter rewriter = new UrlRewriter(rules);

    rules.add(RewriteRule.parse("a=>b"));

    assertThat(rewriter.rewrite("a")).isEqualTo("a");
  }
}
