using System.Globalization;
using System.Text.Json;

namespace DeployQueue.Smoke;

/// <summary>
/// Evaluates a smoke test's JsonEquals, "path=value": the path is dot-separated property names, a number indexes an
/// array ("items.0.name=Widget"); the value compares with a string as text, with a number numerically, else as JSON.
/// </summary>
static class JsonValueMatcher
{
    public static JsonMatch Match(string body, string pathEqualsValue)
    {
        var separator = pathEqualsValue.IndexOf('=');
        if (separator <= 0)
            return new JsonMatch(false, $"JsonEquals \"{pathEqualsValue}\" is not path=value");
        var path = pathEqualsValue[..separator].Trim();
        var expected = pathEqualsValue[(separator + 1)..].Trim();

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return new JsonMatch(false, "body is not JSON");
        }
        using (document)
        {
            if (!TryWalk(document.RootElement, path, out var element))
                return new JsonMatch(false, $"JSON {path} missing");
            return new JsonMatch(Equals(element, expected), $"JSON {path} = {element.GetRawText()}");
        }
    }

    /// <summary>The number at <paramref name="path"/> in a JSON body, or null: not JSON, no such path, not a number.</summary>
    public static double? NumberAt(string body, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return TryWalk(document.RootElement, path, out var element) && element.ValueKind == JsonValueKind.Number ? element.GetDouble() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static bool TryWalk(JsonElement element, string path, out JsonElement found)
    {
        found = element;
        foreach (var segment in path.Split('.'))
        {
            if (found.ValueKind == JsonValueKind.Object && found.TryGetProperty(segment, out var property))
                found = property;
            else if (found.ValueKind == JsonValueKind.Array
                     && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < found.GetArrayLength())
                found = found[index];
            else
                return false;
        }
        return true;
    }

    static bool Equals(JsonElement element, string expected) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() == expected,
        JsonValueKind.Number => decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && element.TryGetDecimal(out var actual) && actual == number,
        _ => string.Equals(element.GetRawText(), expected, StringComparison.OrdinalIgnoreCase),
    };
}
