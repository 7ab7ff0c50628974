package io.phi4j.data.curate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTextTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "<p>a &lt; b &amp;&amp; c &gt; d</p>|a < b && c > d",
            "x<br>y<br/>z|x\\ny\\nz",
            "<div>one</div><div>two</div>|one\\n\\ntwo",
            "<SCRIPT type='text/javascript'>alert(1)</SCRIPT>kept|kept",
            "<a href=\"x>y\">link</a> text|link text",
            "<pre>  code\\n    indented</pre>|code\\n    indented",
            "unclosed <b>bold and <i|unclosed bold and",
            "<style>never closed|``",
            "&bogus; &#0; &#xZZ; &amp|&bogus; \uFFFD &#xZZ; &amp",
            "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>|a b\\nc",
            "if a < b then|if a < b then",
    })
    void extractsVisibleText(String html, String text) {
        assertThat(HtmlText.extract(html.replace("\\n", "\n"))).isEqualTo(text.replace("\\n", "\n"));
    }
}
