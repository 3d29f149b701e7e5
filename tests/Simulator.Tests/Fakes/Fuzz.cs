using System.Buffers.Binary;
using ViST.Simulator.Control;

namespace ViST.Simulator.Tests.Fakes;

/// <summary>Random bad input for the control port.</summary>
public static class Fuzz
{
    static readonly string[] Types = ["hello", "get_state", "set_param", "load_scene", "pause", "resume", "mark", "subscribe", "nonsense", ""];

    /// <summary>A well-framed map that must be refused with a reason: wrong field types or an unknown type. One in 50
    /// is well-typed but refused by the scene itself, which answers only at a frame boundary (up to 33 ms).</summary>
    public static Dictionary<string, object?> WrongRequest(Random rng)
    {
        if (rng.Next(50) == 0)
            return rng.Next(2) == 0
                ? new() { ["type"] = "set_param", ["layer"] = "spot", ["name"] = "center_px", ["value"] = "not a pair" }
                : new() { ["type"] = "load_scene", ["scene"] = "{\"layers\": " };
        return rng.Next(4) switch
        {
            0 => new() { ["type"] = "set_param", ["layer"] = RandomValue(rng), ["name"] = "center_px", ["value"] = 1L },
            1 => new() { ["type"] = "load_scene", ["scene"] = rng.Next(2) == 0 ? 5L : null },
            2 => new() { ["type"] = "subscribe", ["every"] = rng.Next(2) == 0 ? 0L : "often" },
            _ => new() { ["type"] = "x" + Types[rng.Next(Types.Length)], ["junk"] = RandomValue(rng) },
        };
    }

    /// <summary>Bytes that break the protocol: random garbage, huge or zero lengths, non-maps, truncated bodies.</summary>
    public static byte[] Malformed(Random rng)
    {
        switch (rng.Next(6))
        {
            case 0: { var b = new byte[rng.Next(1, 64)]; rng.NextBytes(b); return b; }
            case 1: { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, (uint)rng.NextInt64(ControlFraming.MaxMessageBytes + 1L, uint.MaxValue)); return b; }
            case 2: return [0, 0, 0, 0];
            case 3: { var body = new byte[rng.Next(1, 100)]; rng.NextBytes(body); body[0] = 0xc1; return ControlFraming.Frame(body); }   // 0xc1: never used
            case 4: return ControlFraming.Frame(MessagePack.MessagePackSerializer.Serialize(new object[] { "type", "hello" }));
            default:
            {
                var full = ControlFraming.Frame(MsgValue.Encode(new Dictionary<string, object?> { ["type"] = "hello", ["pad"] = new string('x', 200) }));
                return full[..rng.Next(5, full.Length - 1)];
            }
        }
    }

    static object? RandomValue(Random rng) => rng.Next(6) switch
    {
        0 => null,
        1 => rng.NextInt64(),
        2 => rng.NextDouble(),
        3 => new List<object?> { 1L, "two" },
        4 => new Dictionary<string, object?> { ["a"] = 1L },
        _ => "",
    };
}
