using System.Collections;
using System.Reflection;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeployQueue.Infrastructure.Postgres.Mapping;

/// <summary>
/// Maps a saga instance class by its shape, so that a property the state machine adds needs a migration but
/// no mapping code: scalars become columns, enums text, a class of its own (a part of the instance, such as the
/// current attempt) columns prefixed with its name, collections a jsonb column, and <c>RowVersion</c> PostgreSQL's
/// xmin system column, the optimistic concurrency token.
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

        foreach (var property in MappedProperties(typeof(TSaga)))
        {
            if (property.Name == nameof(ISaga.CorrelationId))
                continue;
            if (property.Name == RowVersionProperty && property.PropertyType == typeof(uint))
                // Npgsql maps a uint row version to xmin by itself; naming the column by hand would make
                // migrations add a column that PostgreSQL refuses (npgsql/efcore.pg#3854).
                entity.Property(property.PropertyType, property.Name).IsRowVersion();
            else if (IsPart(property.PropertyType))
                MapPart(entity.ComplexProperty(property.PropertyType, property.Name), property.PropertyType);
            else
                MapValue(entity.Property(property.PropertyType, property.Name).Metadata);
        }

        return entity;
    }

    static void MapPart(ComplexPropertyBuilder part, Type type)
    {
        part.IsRequired();
        foreach (var property in MappedProperties(type))
            MapValue(part.Property(property.PropertyType, property.Name).Metadata);
    }

    static void MapValue(IMutableProperty property)
    {
        var type = property.ClrType;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;

        if (underlying.IsEnum)
            property.SetProviderClrType(typeof(string));
        else if (underlying == typeof(DateTimeOffset))
            // timestamptz only takes UTC offsets; a saga may hold a local time.
            property.SetValueConverter(JsonColumn.UtcConverterFor(type));
        else if (!IsScalar(underlying))
            JsonColumn.Map(property);
    }

    static IEnumerable<PropertyInfo> MappedProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite);

    /// <summary>A class of its own whose properties are columns of the instance's row, rather than one jsonb value.</summary>
    static bool IsPart(Type type) =>
        type.IsClass && !IsScalar(type) && !typeof(IEnumerable).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null;

    static bool IsScalar(Type type) =>
        type.IsPrimitive || type == typeof(string) || type == typeof(Guid) || type == typeof(decimal)
        || type == typeof(DateTime) || type == typeof(TimeSpan) || type == typeof(DateOnly) || type == typeof(TimeOnly);
}
