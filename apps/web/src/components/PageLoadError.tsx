import { Component, type ReactNode } from 'react';

/**
 * A page whose code cannot be downloaded (no network, or a new version replaced it on the server)
 * says so in French with a way out, instead of leaving an empty screen. Pages are lazy chunks
 * (App.tsx); only the scanner's are kept on the device for offline use.
 */
export class PageLoadError extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="notice notice--error" role="alert">
        <h1>Cette page n'a pas pu s'ouvrir</h1>
        <p>
          Elle n'est pas disponible sans connexion, ou une nouvelle version de la plateforme vient d'être installée. Vérifiez votre
          connexion à Internet puis <a href={window.location.href}>rechargez la page</a>.
        </p>
        <p>
          Sans connexion, la page <a href="/lieu/scanner">Encaisser</a> reste utilisable.
        </p>
      </div>
    );
  }
}
