/* test-canonical-json.c: the canonical JSON writer and the strict parser
 *
 * Member order (UTF-8 bytes, not UTF-16 units), the few escapes, raw
 * non-ASCII, integers and the doubles that stand for them; rejection of
 * what has no canonical form and of every non-canonical spelling; deep
 * nesting without recursion; round trips.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sd-canonical-json.h"
#include "sd-test-util.h"

#define MAX_LEN (1024 * 1024)

static char *
write_ok (JsonNode *node)
{
  g_autoptr (GError) error = NULL;
  gsize len = 0;
  char *out = sd_canonical_json_write (node, &len, &error);

  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_assert_cmpuint (len, ==, strlen (out));
  return out;
}

/* Parses non-canonical @json leniently, writes it canonically. */
static void
assert_canonical (const char *json,
                  const char *want)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (json, &error);
  g_autofree char *out = NULL;
  g_autoptr (JsonNode) back = NULL;

  g_assert_no_error (error);
  out = write_ok (node);
  g_assert_cmpstr (out, ==, want);
  /* The output is accepted by the strict parser and means the same. */
  back = sd_canonical_json_parse (out, strlen (out), MAX_LEN, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, back));
}

static void
assert_write_fails (JsonNode *node,
                    int       code)
{
  g_autoptr (GError) error = NULL;
  gsize len = 12345;

  g_assert_null (sd_canonical_json_write (node, &len, &error));
  g_assert_error (error, SD_CANONICAL_JSON_ERROR, code);
  g_assert_cmpuint (len, ==, 12345);
}

static void
assert_parse_fails_len (const char *data,
                        gsize       len,
                        int         code,
                        const char *in_message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = sd_canonical_json_parse (data, len, MAX_LEN, &error);

  if (node != NULL)
    g_error ("accepted as canonical: %.*s", (int) len, data);
  g_assert_error (error, SD_CANONICAL_JSON_ERROR, code);
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” does not say “%s”", error->message, in_message);
}

static void
assert_parse_fails (const char *data,
                    int         code,
                    const char *in_message)
{
  assert_parse_fails_len (data, strlen (data), code, in_message);
}

static JsonNode *
string_node (const char *s)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, s);
  return node;
}

static void
test_order (void)
{
  assert_canonical ("{ \"b\" : 1, \"a\" : [true, false, null], \"\" : \"x\", \"aa\" : {\"z\":0,\"y\":-5} }",
                    "{\"\":\"x\",\"a\":[true,false,null],\"aa\":{\"y\":-5,\"z\":0},\"b\":1}");
  /* UTF-8 byte order: U+1F600 (F0 ...) after U+FFFF (EF BF BF), though
   * its UTF-16 form (D83D ...) would sort before it. */
  assert_canonical ("{\"b\":1,\"B\":2,\"\\u00e4\":3,\"a\":4,\"ab\":5,\"\\u20ac\":6,"
                    "\"\\ud83d\\ude00\":7,\"\\uffff\":8,\"a\\u0001\":9}",
                    "{\"B\":2,\"a\":4,\"a\\u0001\":9,\"ab\":5,\"b\":1,\"ä\":3,\"€\":6,"
                    "\"\xef\xbf\xbf\":8,\"😀\":7}");
  assert_canonical ("{}", "{}");
  assert_canonical ("[ ]", "[]");
  assert_canonical ("[[],{},[{}]]", "[[],{},[{}]]");
}

static void
test_escapes (void)
{
  g_autoptr (GString) all = g_string_new (NULL);
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *out = NULL;
  const char *want =
    "\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
    "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b"
    "\\u001c\\u001d\\u001e\\u001f \\\" \\\\ / \x7f é 中 😀\"";

  for (char c = 1; c < 0x20; c++)
    g_string_append_c (all, c);
  g_string_append (all, " \" \\ / \x7f é 中 😀");
  node = string_node (all->str);
  out = write_ok (node);
  g_assert_cmpstr (out, ==, want);

  assert_canonical ("\"\\/\\u0041\\u00e9\\u001F\\u000a\"", "\"/Aé\\u001f\\n\"");
}

static void
test_numbers (void)
{
  struct { double d; const char *want; } doubles[] = {
    { 3.0, "3" }, { -0.0, "0" }, { 9007199254740992.0, "9007199254740992" },
    { -9007199254740992.0, "-9007199254740992" }, { 1e15, "1000000000000000" },
  };
  double bad[] = { 0.5, -1.25, 9007199254740994.0, -1e300, NAN, INFINITY };

  assert_canonical ("[0,-1,9223372036854775807,-9223372036854775808,1234567890123]",
                    "[0,-1,9223372036854775807,-9223372036854775808,1234567890123]");
  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    {
      g_autoptr (JsonNode) node = json_node_new (JSON_NODE_VALUE);
      g_autofree char *out = NULL;

      json_node_set_double (node, doubles[i].d);
      out = write_ok (node);
      g_assert_cmpstr (out, ==, doubles[i].want);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (JsonNode) node = json_node_new (JSON_NODE_VALUE);

      json_node_set_double (node, bad[i]);
      assert_write_fails (node, SD_CANONICAL_JSON_ERROR_UNSUPPORTED);
    }
}

static void
test_write_errors (void)
{
  g_autoptr (JsonNode) bad_string = string_node ("ok \xff");
  g_autoptr (JsonNode) bad_key = json_node_new (JSON_NODE_OBJECT);
  g_autoptr (JsonObject) object = json_object_new ();
  g_autoptr (JsonNode) deep = NULL;
  g_autoptr (JsonNode) too_deep = NULL;
  g_autofree char *out = NULL;

  assert_write_fails (bad_string, SD_CANONICAL_JSON_ERROR_UNSUPPORTED);
  json_object_set_int_member (object, "\xc0\xaf", 1);
  json_node_set_object (bad_key, object);
  assert_write_fails (bad_key, SD_CANONICAL_JSON_ERROR_UNSUPPORTED);

  /* 64 nested arrays are fine, 65 are not. */
  deep = json_node_new (JSON_NODE_NULL);
  for (guint i = 0; i < SD_CANONICAL_JSON_MAX_DEPTH; i++)
    {
      JsonArray *array = json_array_new ();
      JsonNode  *outer = json_node_new (JSON_NODE_ARRAY);

      json_array_add_element (array, g_steal_pointer (&deep));
      json_node_take_array (outer, array);
      deep = outer;
    }
  out = sd_canonical_json_write (deep, NULL, NULL);
  g_assert_nonnull (out);
  g_assert_cmpuint (strlen (out), ==, 4 + 2 * SD_CANONICAL_JSON_MAX_DEPTH);
  too_deep = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (too_deep, json_array_new ());
  json_array_add_element (json_node_get_array (too_deep), g_steal_pointer (&deep));
  assert_write_fails (too_deep, SD_CANONICAL_JSON_ERROR_TOO_LARGE);
}

static void
test_parse_accepts (void)
{
  const char *good[] = {
    "{}", "[]", "\"\"", "0", "-1", "true", "false", "null", "9223372036854775807",
    "{\"a\":[1,{\"b\":\"\\\"\\n\\\\\"}],\"b\":null}", "\"é/中\x7f\"",
    "[\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"]",
    "{\"\":{\"\":{}}}", "\"\\u001f\\b\"",
  };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr (JsonNode) node = sd_canonical_json_parse (good[i], strlen (good[i]), MAX_LEN, &error);
      g_autofree char *out = NULL;

      g_assert_no_error (error);
      out = write_ok (node);
      g_assert_cmpstr (out, ==, good[i]);
    }

  /* @len bounds the input: no NUL needed; exactly @max_len is allowed. */
  {
    g_autoptr (JsonNode) node = sd_canonical_json_parse ("[1]garbage", 3, 3, &error);

    g_assert_no_error (error);
    g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  }
}

static void
test_parse_rejects (void)
{
  const int NC = SD_CANONICAL_JSON_ERROR_NOT_CANONICAL;
  const int INV = SD_CANONICAL_JSON_ERROR_INVALID;

  assert_parse_fails ("{\"a\": 1}", NC, "whitespace");
  assert_parse_fails (" 1", NC, "whitespace");
  assert_parse_fails ("[1,\n2]", NC, "whitespace");
  assert_parse_fails ("1\n", NC, "whitespace");
  assert_parse_fails ("{\"b\":1,\"a\":2}", NC, "keys out of order");
  assert_parse_fails ("[{\"a\":{\"y\":1,\"x\":2}}]", NC, "keys out of order");
  assert_parse_fails ("{\"a\":1,\"a\":2}", NC, "twice");
  assert_parse_fails ("[{\"a\":1,\"b\":2,\"a\":3}]", NC, "twice");
  assert_parse_fails ("1.0", NC, "integers");
  assert_parse_fails ("[1e2]", NC, "integers");
  assert_parse_fails ("{\"a\":0.5}", NC, "integers");
  assert_parse_fails ("\"\\/\"", NC, NULL);
  assert_parse_fails ("\"\\u0041\"", NC, NULL);
  assert_parse_fails ("\"\\u00e9\"", NC, NULL);
  assert_parse_fails ("\"\\u001F\"", NC, NULL);
  assert_parse_fails ("\"\\u000a\"", NC, NULL);
  assert_parse_fails ("\"a\\u0000b\"", NC, NULL);
  assert_parse_fails ("\"a\tb\"", NC, "control character");
  assert_parse_fails ("01", NC, NULL);
  assert_parse_fails ("-0", NC, NULL);
  assert_parse_fails ("99999999999999999999", NC, NULL);
  assert_parse_fails ("9223372036854775808", NC, NULL);
  assert_parse_fails ("[1][2]", INV, "follows");
  assert_parse_fails ("1[2]", INV, "follows");
  assert_parse_fails ("{\"a\":1}{\"b\":2}", INV, "follows");
  assert_parse_fails ("\"a\"\"b\"", INV, "follows");
  assert_parse_fails ("[1]2", INV, "follows");
  assert_parse_fails ("truefalse", INV, NULL);
  assert_parse_fails ("+1", INV, NULL);
  assert_parse_fails ("\"\xff\"", INV, "UTF-8");
  assert_parse_fails ("\"\xc0\xaf\"", INV, "UTF-8");
  assert_parse_fails ("\"\xed\xa0\x80\"", INV, "UTF-8");
  assert_parse_fails ("{", INV, NULL);
  assert_parse_fails ("[1,]", INV, NULL);
  assert_parse_fails ("'a'", INV, NULL);
  assert_parse_fails ("/*x*/1", INV, NULL);
  assert_parse_fails ("nul", INV, NULL);
  assert_parse_fails ("", INV, "empty");
  assert_parse_fails_len ("[1]\0", 4, INV, NULL);
  assert_parse_fails_len (NULL, 0, INV, "empty");
}

static void
test_parse_limits (void)
{
  const gsize deep = 200000;
  g_autofree char *nested = g_malloc (2 * deep);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  gsize n = SD_CANONICAL_JSON_MAX_DEPTH;

  memset (nested, '[', deep);
  memset (nested + deep, ']', deep);
  /* 64 deep: accepted; 65 deep and 200000 deep: refused before parsing. */
  node = sd_canonical_json_parse (nested + deep - n, 2 * n, MAX_LEN, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  assert_parse_fails_len (nested + deep - n - 1, 2 * n + 2, SD_CANONICAL_JSON_ERROR_TOO_LARGE, "64");
  assert_parse_fails_len (nested, deep, SD_CANONICAL_JSON_ERROR_TOO_LARGE, NULL);
  assert_parse_fails_len (nested, 2 * deep, SD_CANONICAL_JSON_ERROR_TOO_LARGE, NULL);

  g_clear_pointer (&node, json_node_unref);
  node = sd_canonical_json_parse ("[1,2]", 5, 4, &error);
  g_assert_null (node);
  g_assert_error (error, SD_CANONICAL_JSON_ERROR, SD_CANONICAL_JSON_ERROR_TOO_LARGE);
}

static void
test_round_trip (void)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) built = NULL;
  g_autofree char *once = NULL;
  g_autofree char *twice = NULL;
  g_autoptr (JsonNode) parsed = NULL;
  g_autoptr (GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "seal");
  json_builder_add_string_value (builder, "Company seal “Finance” / 财务专用章");
  json_builder_set_member_name (builder, "uses");
  json_builder_begin_array (builder);
  for (gint64 i = -3; i < 3; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, i * G_GINT64_CONSTANT (1000000007));
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, i % 2 == 0);
      json_builder_set_member_name (builder, "note");
      json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  built = json_builder_get_root (builder);

  once = write_ok (built);
  parsed = sd_canonical_json_parse (once, strlen (once), MAX_LEN, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (built, parsed));
  twice = write_ok (parsed);
  g_assert_cmpstr (once, ==, twice);

  /* Every code point below U+0800 and a few above, one string each. */
  for (gunichar c = 1; c < 0x10400; c = c < 0x800 ? c + 1 : c * 2 + 1)
    {
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (JsonNode) back = NULL;
      g_autofree char *out = NULL;
      char s[8] = { 0 };

      if (c >= 0xd800 && c < 0xe000)
        continue;
      g_unichar_to_utf8 (c, s);
      node = string_node (s);
      out = write_ok (node);
      back = sd_canonical_json_parse (out, strlen (out), 64, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_node_get_string (back), ==, s);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/canonical-json/order", test_order);
  g_test_add_func ("/store/canonical-json/escapes", test_escapes);
  g_test_add_func ("/store/canonical-json/numbers", test_numbers);
  g_test_add_func ("/store/canonical-json/write-errors", test_write_errors);
  g_test_add_func ("/store/canonical-json/parse-accepts", test_parse_accepts);
  g_test_add_func ("/store/canonical-json/parse-rejects", test_parse_rejects);
  g_test_add_func ("/store/canonical-json/parse-limits", test_parse_limits);
  g_test_add_func ("/store/canonical-json/round-trip", test_round_trip);
  return g_test_run ();
}
