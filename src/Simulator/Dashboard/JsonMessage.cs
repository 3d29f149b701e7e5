using System.Text.Json;
using ViST.Simulator.Control;

namespace ViST.Simulator.Dashboard;

/// <summary>
/// Reads a browser's message (UTF-8 JSON) into the plain values the control requests take: long, double, string,
/// bool, null, List and Dictionary with string keys, the shapes <see cref="MsgValue"/> reads from MessagePack. So
/// the browser's requests and the control socket's go through one <see cref="RequestHandler"/>.
/// Anything that is not one JSON object nested at most 16 deep is a <see cref="MalformedMessageException"/>.
/// </summary>
public static class JsonMessage
{
    const int MaxDepth = 16;

    public static Dictionary<string, object?> ReadObject(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth }); }
        catch (JsonException e) { throw new MalformedMessageException("not valid JSON: " + e.Message); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new MalformedMessageException($"the message is a JSON {Kind(doc.RootElement)}, not an object");
            return (Dictionary<string, object?>)Plain(doc.RootElement)!;
        }
    }

    static object? Plain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Aggregate(new Dictionary<string, object?>(), (map, p) => { map[p.Name] = Plain(p.Value); return map; }),
        JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number when e.TryGetInt64(out long n) => n,
        JsonValueKind.Number when e.TryGetDouble(out double d) && double.IsFinite(d) => d,
        JsonValueKind.Number => throw new MalformedMessageException($"the number {e.GetRawText()} is out of range"),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "array", JsonValueKind.String => "string", JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean", _ => "null",
    };
}
