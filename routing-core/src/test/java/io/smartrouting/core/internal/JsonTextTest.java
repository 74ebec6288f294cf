package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void quotesAndEscapesWhatJsonRequires() {
    StringBuilder sb = new StringBuilder();
    JsonText.quote(sb, "a\"b\\c\nd\re\tf\u0001g\u001fé");
    assertThat(sb.toString()).isEqualTo("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fé\"");
  }
}
