package dev.muninn.node.documents.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class LexerTest {

    private static List<String> describe(String text) {
        return Lexer.tokenize(text).stream().map(t -> t.kind() + ":" + t.text()).toList();
    }

    @Test
    void tokenizesAQueryWithAllTokenKinds() {
        assertThat(describe("from 'Users' where age >= $p0 and (x.y != -3.5e2, 7)"))
                .containsExactly("IDENT:from", "STRING:Users", "IDENT:where", "IDENT:age", "OP:>=", "PARAM:p0",
                        "IDENT:and", "LPAREN:(", "IDENT:x", "DOT:.", "IDENT:y", "OP:!=", "NUMBER:-3.5e2",
                        "COMMA:,", "NUMBER:7", "RPAREN:)", "EOF:");
    }

    @Test
    void normalizesOperatorSpellings() {
        assertThat(describe("= == != <> < <= > >=")).containsExactly(
                "OP:=", "OP:=", "OP:!=", "OP:!=", "OP:<", "OP:<=", "OP:>", "OP:>=", "EOF:");
    }

    @Test
    void decodesStringEscapesInBothQuoteStyles() {
        assertThat(Lexer.tokenize("'it\\'s \\\"x\\\" \\\\ \\n\\t\\u0041'").get(0).text()).isEqualTo("it's \"x\" \\ \n\tA");
        assertThat(Lexer.tokenize("\"say 'hi'\"").get(0).text()).isEqualTo("say 'hi'");
    }

    @Test
    void keepsMetadataAndArrayMarkersInsideIdentifiers() {
        assertThat(describe("@metadata.@last-modified Lines[].Product @all_docs")).containsExactly(
                "IDENT:@metadata", "DOT:.", "IDENT:@last-modified", "IDENT:Lines[]", "DOT:.", "IDENT:Product",
                "IDENT:@all_docs", "EOF:");
    }

    @Test
    void recordsPositions() {
        List<Token> tokens = Lexer.tokenize("from  Users");
        assertThat(tokens.get(0).position()).isEqualTo(0);
        assertThat(tokens.get(1).position()).isEqualTo(6);
        assertThat(tokens.get(2).position()).isEqualTo(11);
    }

    @Test
    void skipsComments() {
        assertThat(describe("from Users // trailing\n /* block */ limit 1")).containsExactly(
                "IDENT:from", "IDENT:Users", "IDENT:limit", "NUMBER:1", "EOF:");
    }

    @Test
    void turnsUnknownCharactersIntoSymbols() {
        assertThat(describe("{ * ! ;")).containsExactly("SYMBOL:{", "SYMBOL:*", "SYMBOL:!", "SYMBOL:;", "EOF:");
    }

    @Test
    void numberFollowedByDotAndIdentifierIsNotADecimal() {
        assertThat(describe("3.x 3e")).containsExactly("NUMBER:3", "DOT:.", "IDENT:x", "NUMBER:3", "IDENT:e", "EOF:");
    }

    @Test
    void rejectsUnterminatedStringsWithPosition() {
        assertThatThrownBy(() -> Lexer.tokenize("from 'Users"))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("position 5")
                .hasMessageContaining("not terminated");
        assertThatThrownBy(() -> Lexer.tokenize("'abc\\"))
                .isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void rejectsBadEscapesAndBareDollarAndOpenComment() {
        assertThatThrownBy(() -> Lexer.tokenize("'\\u12g4'")).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("hexadecimal");
        assertThatThrownBy(() -> Lexer.tokenize("'\\u12")).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> Lexer.tokenize("where x = $ ")).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("position 10").hasMessageContaining("parameter name");
        assertThatThrownBy(() -> Lexer.tokenize("from /* x")).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("comment");
    }
}
