using System.Buffers.Binary;

namespace ViST.Simulator.Control;

/// <summary>
/// Message framing of the control protocol: a 4-byte unsigned big-endian length (network byte order; Python:
/// struct.pack(">I", n)) followed by that many bytes of one MessagePack map. Lengths of 0 or above
/// <see cref="MaxMessageBytes"/> are refused.
/// </summary>
public static class ControlFraming
{
    public const int MaxMessageBytes = 1 << 20;

    /// <summary>How long the rest of a message may take once its length has arrived (stalled senders are cut off).</summary>
    public static readonly TimeSpan BodyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Reads one message; null when the peer closed cleanly between messages.</summary>
    public static async Task<byte[]?> ReadAsync(Stream s, CancellationToken ct)
    {
        var prefix = new byte[4];
        int got = await ReadFullAsync(s, prefix, ct);
        if (got == 0) return null;
        if (got < 4) throw new MalformedMessageException("the connection closed inside a length prefix");
        uint length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (length == 0) throw new MalformedMessageException("a message of length 0");
        if (length > MaxMessageBytes) throw new MalformedMessageException($"a message of {length} bytes (the limit is {MaxMessageBytes})");
        var body = new byte[length];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(BodyTimeout);
        try
        {
            if (await ReadFullAsync(s, body, timeout.Token) < length)
                throw new MalformedMessageException($"the connection closed inside a message of {length} bytes");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new MalformedMessageException($"the rest of a {length}-byte message did not arrive within {BodyTimeout.TotalSeconds} s");
        }
        return body;
    }

    public static byte[] Frame(byte[] payload)
    {
        var framed = new byte[payload.Length + 4];
        BinaryPrimitives.WriteUInt32BigEndian(framed, (uint)payload.Length);
        payload.CopyTo(framed, 4);
        return framed;
    }

    static async Task<int> ReadFullAsync(Stream s, byte[] buffer, CancellationToken ct)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await s.ReadAsync(buffer.AsMemory(total), ct);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
