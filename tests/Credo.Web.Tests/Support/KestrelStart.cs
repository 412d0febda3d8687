using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Support;

/// <summary>
/// Starts an app on a real loopback Kestrel port that the operating system picks (no fixed ports), for the browser
/// tests (issue 12 §6). <see cref="WebApplicationFactory{TEntryPoint}.StartServer"/> hides why a host did not start:
/// the app's own <c>Main</c> runs the host, and when its start fails the host is disposed before the factory looks
/// at it, so the factory reports only <c>ObjectDisposedException: IServiceProvider</c>. Here the app's errors are
/// captured from its first log line (<see cref="CredoApp.Log"/>) and a failed start throws with them.
/// <para>
/// The cause of the failures under load (issue 12 §6): <c>UseKestrel(0)</c> sets the port by rewriting the server's
/// addresses after the host is built and before the factory starts it, but Credo's <c>Main</c> starts the host itself
/// (the <c>serve</c> verb, with its default <c>--urls http://localhost:5080</c>) as soon as it is built. On a busy machine
/// <c>Main</c> won that race: Kestrel bound the fixed port 5080, a second app starting at the same time found it
/// taken, its start failed and its host was disposed, and the factory then reported only the disposed provider.
/// Here the endpoint is an explicit Kestrel listen on a port the OS picks, configured with the services (before
/// anything can start), so the outcome no longer depends on which thread runs first.
/// </para>
/// </summary>
internal static class KestrelStart
{
    public static Uri Start(WebApplicationFactory<Program> factory, CapturedLogs log)
    {
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        try
        {
            factory.StartServer();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                "The app did not start. What it logged as errors:" + Environment.NewLine + (log.Errors.IsEmpty ? "(nothing)" : string.Join(Environment.NewLine, log.Errors)),
                e);
        }

        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel did not report its addresses.");
        return new Uri(addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }
}
