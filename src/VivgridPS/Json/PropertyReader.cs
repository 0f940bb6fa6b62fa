using System.Management.Automation;

namespace VivgridPS.Json
{
    /// <summary>
    /// Reads a property of an arbitrary pipeline object. Script and code properties can throw when read (a getter
    /// that fails, a remote object gone stale); one bad property must not fail the whole object.
    /// </summary>
    internal static class PropertyReader
    {
        /// <returns>False when the property cannot be read: not gettable, or its getter threw.</returns>
        public static bool TryGetValue(PSPropertyInfo property, out object? value)
        {
            value = null;
            if (!property.IsGettable) return false;
            try
            {
                value = property.Value;
                return true;
            }
            catch (GetValueException)
            {
                return false;
            }
        }

        /// <summary>The value, or null when it cannot be read.</summary>
        public static object? ValueOrNull(PSPropertyInfo property) => TryGetValue(property, out var value) ? value : null;
    }
}
