using System.Reflection;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeployQueue.Infrastructure.Postgres.Mapping;

/// <summary>
/// Maps a saga instance class by its shape, so that a property the state machine adds needs a migration but
/// no mapping code: scalars become columns, enums text, anything structured (lists, records) a jsonb column,
/// and <c>RowVersion</c> PostgreSQL's xmin system column, the optimistic concurrency token.
/// </summary>
public static class SagaInstanceMapping
{
    public const string RowVersionProperty = "RowVersion";

    public static EntityTypeBuilder<TSaga> Map<TSaga>(ModelBuilder modelBuilder, string table)
        where TSaga : class, SagaStateMachineInstance
    {
        var entity = modelBuilder.Entity<TSaga>();
        entity.ToTable(table);
        entity.HasKey(x => x.CorrelationId);
        entity.Property(x => x.CorrelationId).ValueGeneratedNever();

        foreach (var property in typeof(TSaga).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || !property.CanWrite || property.Name == nameof(ISaga.CorrelationId))
                continue;
            MapProperty(entity, property);
        }

        return entity;
    }

    static void MapProperty(EntityTypeBuilder entity, PropertyInfo property)
    {
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;

        if (property.Name == RowVersionProperty && type == typeof(uint))
            // Npgsql maps a uint row version to xmin by itself; naming the column by hand would make
            // migrations add a column that PostgreSQL refuses (npgsql/efcore.pg#3854).
            entity.Property(type, property.Name).IsRowVersion();
        else if (underlying.IsEnum)
            entity.Property(type, property.Name).HasConversion<string>();
        else if (underlying == typeof(DateTimeOffset))
            // timestamptz only takes UTC offsets; a saga may hold a local time.
            entity.Property(type, property.Name).HasConversion(JsonColumn.UtcConverterFor(type));
        else if (!IsScalar(underlying))
            JsonColumn.Map(entity.Property(type, property.Name), type);
    }

    static bool IsScalar(Type type) =>
        type.IsPrimitive || type == typeof(string) || type == typeof(Guid) || type == typeof(decimal)
        || type == typeof(DateTime) || type == typeof(TimeSpan) || type == typeof(DateOnly) || type == typeof(TimeOnly);
}
