using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using DeployQueue.Contracts;
using MassTransit;

namespace DeployQueue.Domain.Intake;

/// <summary>
/// The one reader of every body on queue `deploy`, before any typed deserialization: plain JSON in the contract's
/// shape or as the seed's task structure ({ title, description, priority, context: { pr_number, pr_url, branch,
/// target, commit_build_task_id } }), and the message inside a MassTransit envelope. It takes what publishers
/// send (keys in any letter case, with or without underscores; numbers or numeric text for numbers and ids;
/// unknown keys ignored) and refuses, naming the field, what would fail later: a wrong type, a number out of
/// range, an enum value given as a number, control characters, text too long, a key given twice.
/// </summary>
public static class DeployRequestReader
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxTextLength = 2_000;

    /// <summary>The seed's numeric priorities, in the order of the queue's levels (README, <see cref="DeployRequested.Priority"/>).</summary>
    public static readonly IReadOnlyList<TaskPriority> NumericPriorities = [TaskPriority.Low, TaskPriority.Normal, TaskPriority.High, TaskPriority.Critical];

    static readonly string DeployRequestedUrn = MessageUrn.ForTypeString<DeployRequested>();

    /// <summary>A plain JSON body.</summary>
    public static DeployRequestReading Read(ReadOnlySpan<byte> body) =>
        Parse(body, root => Read(root));

    /// <summary>A MassTransit envelope's body: it must carry a <see cref="DeployRequested"/>, whose message is then read.</summary>
    public static DeployRequestReading ReadEnvelope(ReadOnlySpan<byte> body) => Parse(body, envelope =>
    {
        if (envelope.ValueKind != JsonValueKind.Object)
            return Unreadable($"the envelope is a JSON {Describe(envelope.ValueKind)}, not an object");
        var fields = new FieldReader();
        var types = fields.Find(envelope, "messageType") is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() : null).ToList()
            : [];
        if (!types.Contains(DeployRequestedUrn, StringComparer.OrdinalIgnoreCase))
            return Unreadable($"the envelope's messageType is [{string.Join(", ", types)}], not {DeployRequestedUrn}");
        return fields.Find(envelope, "message") is { ValueKind: JsonValueKind.Object } message
            ? Read(message)
            : Unreadable("the envelope has no message object");
    });

    /// <summary>A request as a JSON object: the contract's shape, or the seed's task with the PR's fields in `context`.</summary>
    public static DeployRequestReading Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return Unreadable($"the body is a JSON {Describe(root.ValueKind)}, not an object");

        var fields = new FieldReader();
        JsonElement? nested = null;
        switch (fields.Find(root, "context"))
        {
            case { ValueKind: JsonValueKind.Object } context:
                nested = context;
                break;
            case { ValueKind: not JsonValueKind.Null } other:
                fields.Problems.Add($"context must be a JSON object (got a JSON {Describe(other.ValueKind)})");
                break;
        }
        // The PR's fields live in the seed's context, the task's at the top; a few may stand in either.
        var pr = nested ?? root;
        T? TopFirst<T>(Func<JsonElement, T?> read) => read(root) ?? (nested is { } context ? read(context) : default);
        T? ContextFirst<T>(Func<JsonElement, T?> read) => read(pr) ?? (nested is not null ? read(root) : default);

        var prUrl = fields.Text(pr, "pr_url") ?? "";
        var request = new DeployRequested
        {
            TaskId = TopFirst(e => fields.Id(e, "task_id", "id")) ?? "",
            Title = fields.Text(root, "title") ?? "",
            Description = fields.Text(root, "description", multiline: true),
            Priority = TopFirst(fields.Priority),
            Repository = ContextFirst(e => fields.Text(e, "repository", "repo")) ?? DeployRequestValidator.RepositoryFromPrUrl(prUrl) ?? "",
            PrNumber = fields.PrNumber(pr),
            PrUrl = prUrl,
            Branch = fields.Text(pr, "branch") ?? "",
            FeatureName = ContextFirst(e => fields.Text(e, "feature_name")),
            Target = fields.Text(pr, "target") ?? "",
            CommitBuildTaskId = ContextFirst(e => fields.Id(e, "commit_build_task_id")),
            MergeStrategy = ContextFirst(fields.MergeStrategy),
        };
        fields.Required("title", request.Title);
        fields.Required("branch", request.Branch);
        fields.Required("target", request.Target);
        fields.Required("pr_url", request.PrUrl);
        return new DeployRequestReading(request, fields.Problems);
    }

    static DeployRequestReading Parse(ReadOnlySpan<byte> body, Func<JsonElement, DeployRequestReading> read)
    {
        if (BodyProblem(body) is { } problem)
            return Unreadable(problem);
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            return read(document.RootElement);
        }
        catch (JsonException exception)
        {
            return Unreadable($"the body is not valid JSON: {exception.Message}");
        }
    }

    static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];
    static ReadOnlySpan<byte> Utf16LittleEndianMark => [0xFF, 0xFE];
    static ReadOnlySpan<byte> Utf16BigEndianMark => [0xFE, 0xFF];

    static string? BodyProblem(ReadOnlySpan<byte> body)
    {
        if (body.Length > MaxBodyBytes)
            return $"the message is {body.Length} bytes, more than the {MaxBodyBytes} accepted";
        if (body.Trim(" \t\r\n"u8).IsEmpty)
            return "the body is empty";
        if (body.StartsWith(Utf8ByteOrderMark))
            return "the body starts with a byte-order mark: send UTF-8 JSON without one";
        if (body.StartsWith(Utf16LittleEndianMark) || body.StartsWith(Utf16BigEndianMark) || body[..Math.Min(4, body.Length)].Contains((byte)0))
            return "the body is UTF-16 or UTF-32: send UTF-8 JSON";
        if (!Utf8.IsValid(body))
            return "the body is not valid UTF-8";
        return null;
    }

    static DeployRequestReading Unreadable(string problem) => new(new DeployRequested(), [problem]);

    static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Reads fields of one request, collecting what is wrong with them.</summary>
    sealed class FieldReader
    {
        public List<string> Problems { get; } = [];

        /// <summary>The field named by one of <paramref name="names"/> (letter case, '_' and '-' ignored); a problem when it is given twice.</summary>
        public JsonElement? Find(JsonElement element, params string[] names)
        {
            var keys = names.Select(Key).ToHashSet();
            JsonElement? found = null;
            foreach (var property in element.EnumerateObject().Where(p => keys.Contains(Key(p.Name))))
            {
                if (found is not null)
                {
                    Problems.Add($"{names[0]} is given more than once");
                    return null;
                }
                found = property.Value;
            }
            return found;
        }

        public string? Text(JsonElement element, string name, params string[] aliases) => Text(element, name, aliases, multiline: false);

        public string? Text(JsonElement element, string name, bool multiline) => Text(element, name, [], multiline);

        string? Text(JsonElement element, string name, string[] aliases, bool multiline) => Find(element, [name, .. aliases]) switch
        {
            null or { ValueKind: JsonValueKind.Null } => null,
            { ValueKind: JsonValueKind.String } value => CheckedText(name, value, multiline),
            { ValueKind: var kind } => Problem<string>($"{name} must be text (got a JSON {Describe(kind)})"),
        };

        /// <summary>A task id: text, or a whole number as upstream task queues number their tasks.</summary>
        public string? Id(JsonElement element, string name, params string[] aliases) => Find(element, [name, .. aliases]) switch
        {
            null or { ValueKind: JsonValueKind.Null } => null,
            { ValueKind: JsonValueKind.String } value => CheckedText(name, value, multiline: false),
            { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number.ToString(CultureInfo.InvariantCulture),
            { } value => Problem<string>($"{name} must be text or a whole number (got {DeployRequestValidator.Clip(value.GetRawText())})"),
        };

        public int PrNumber(JsonElement element)
        {
            var number = Find(element, "pr_number") switch
            {
                null or { ValueKind: JsonValueKind.Null } => Problem<long?>("pr_number is missing"),
                { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var whole) => whole,
                { ValueKind: JsonValueKind.String } value
                    when long.TryParse(value.GetString()!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var whole) => whole,
                { } value => Problem<long?>($"pr_number must be a whole number (got {DeployRequestValidator.Clip(value.GetRawText())})"),
            };
            return number switch
            {
                null => 0,
                <= 0 => Problem<int>($"pr_number must be a positive number (got {number})"),
                > int.MaxValue => Problem<int>($"pr_number {number} is out of range (at most {int.MaxValue})"),
                _ => (int)number.Value,
            };
        }

        /// <summary>A level's name, or a number of the seed's table (0 Low, 1 Normal, 2 High, 3 Critical) as a JSON number or text.</summary>
        public TaskPriority? Priority(JsonElement element)
        {
            var value = Find(element, "priority");
            if (value is null or { ValueKind: JsonValueKind.Null })
                return null;
            var text = value.Value.ValueKind switch
            {
                JsonValueKind.String => value.Value.GetString()!.Trim(),
                JsonValueKind.Number => value.Value.GetRawText(),
                _ => null,
            };
            if (text is not null && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number < NumericPriorities.Count)
                return NumericPriorities[number];
            if (text is not null && Named<TaskPriority>(text) is { } named)
                return named;
            return Problem<TaskPriority?>($"priority {DeployRequestValidator.Clip(value.Value.GetRawText())} " +
                                          $"is not one of {string.Join(", ", Enum.GetNames<TaskPriority>())} " +
                                          $"or 0–{NumericPriorities.Count - 1} ({string.Join(", ", NumericPriorities.Select((p, i) => $"{i} {p}"))})");
        }

        /// <summary>merge, squash or rebase, by name only.</summary>
        public MergeStrategy? MergeStrategy(JsonElement element)
        {
            var value = Find(element, "merge_strategy");
            if (value is null or { ValueKind: JsonValueKind.Null })
                return null;
            if (value.Value.ValueKind == JsonValueKind.String && Named<MergeStrategy>(value.Value.GetString()!.Trim()) is { } named)
                return named;
            return Problem<MergeStrategy?>($"merge_strategy {DeployRequestValidator.Clip(value.Value.GetRawText())} is not one of merge, squash, rebase");
        }

        public void Required(string name, string value)
        {
            // A field that was given but refused already has its problem.
            if (string.IsNullOrWhiteSpace(value) && !Problems.Any(p => p.StartsWith(name + " ", StringComparison.Ordinal)))
                Problems.Add($"{name} is missing");
        }

        /// <summary>The text, trimmed when it is one line; blank text reads as absent.</summary>
        string? CheckedText(string name, JsonElement element, bool multiline)
        {
            string value;
            try
            {
                value = element.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // An escaped surrogate without its pair (\ud800) cannot become text.
                return Problem<string>($"{name} contains an unpaired UTF-16 surrogate");
            }
            if (string.IsNullOrWhiteSpace(value))
                return null;
            if (!multiline)
                value = value.Trim();
            if (value.Length > MaxTextLength)
                return Problem<string>($"{name} is longer than {MaxTextLength} characters");
            // PostgreSQL stores no NUL, and a line break or escape sequence in a title or branch forges log lines and announcements.
            foreach (var c in value)
                if (char.IsControl(c) && !(multiline && c is '\t' or '\n' or '\r'))
                    return Problem<string>($"{name} contains the control character U+{(int)c:X4}");
            return value;
        }

        T? Problem<T>(string problem)
        {
            Problems.Add(problem);
            return default;
        }

        static T? Named<T>(string text) where T : struct, Enum =>
            Enum.GetNames<T>().FirstOrDefault(name => string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) is { } name
                ? Enum.Parse<T>(name)
                : null;

        static string Key(string name) => name.Replace("_", "").Replace("-", "").ToLowerInvariant();

    }
}
