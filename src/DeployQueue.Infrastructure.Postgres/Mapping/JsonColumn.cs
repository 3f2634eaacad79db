using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DeployQueue.Infrastructure.Postgres.Mapping;

/// <summary>
/// A structured property stored as jsonb. The comparer compares serialized forms, so that a list changed in
/// place (an item added to <c>PastAttempts</c>) is seen as modified and saved.
/// </summary>
public static class JsonColumn
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static void Map(IMutableProperty property)
    {
        var type = property.ClrType;
        property.SetColumnType("jsonb");
        property.SetValueConverter((ValueConverter)Activator.CreateInstance(typeof(JsonValueConverter<>).MakeGenericType(type))!);
        property.SetValueComparer((ValueComparer)Activator.CreateInstance(typeof(JsonValueComparer<>).MakeGenericType(type))!);
    }

    public static ValueConverter UtcConverterFor(Type type) =>
        type == typeof(DateTimeOffset) ? new UtcDateTimeOffsetConverter() : new NullableUtcDateTimeOffsetConverter();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    sealed class JsonValueConverter<T>() : ValueConverter<T, string>(v => Serialize(v), s => Deserialize<T>(s));

    sealed class JsonValueComparer<T>() : ValueComparer<T>(
        (a, b) => Serialize(a) == Serialize(b),
        v => Serialize(v).GetHashCode(),
        v => Deserialize<T>(Serialize(v)));

    sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);

    sealed class NullableUtcDateTimeOffsetConverter()
        : ValueConverter<DateTimeOffset?, DateTimeOffset?>(v => v.HasValue ? v.Value.ToUniversalTime() : v, v => v);
}
