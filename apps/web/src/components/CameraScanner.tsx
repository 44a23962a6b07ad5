import { useEffect, useRef, useState } from 'react';
import { qrDecoder } from '../scanner/qr-decoder';

/** A QR code still in view is read again only after it has been out of sight this long. */
const OUT_OF_SIGHT_MS = 4000;
const FRAME_INTERVAL_MS = 250;
/** Frames are scaled down to this width: enough for a cheque's QR code, light for a cheap phone. */
const FRAME_WIDTH = 960;

function cameraProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return "L'accès à la caméra a été refusé. Autorisez-le dans les réglages du navigateur, ou utilisez une douchette ou la saisie du code.";
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return "Aucune caméra n'a été trouvée sur cet appareil.";
  if (name === 'NotReadableError') return 'La caméra est déjà utilisée par une autre application : fermez-la puis réessayez.';
  return "La caméra n'a pas pu être démarrée. Utilisez une douchette ou la saisie du code.";
}

/**
 * The device's camera as a cheque reader: a preview, and a few reads per second. Each QR code is
 * given once to `onCode`, and again only after it has left the picture.
 */
export function CameraScanner({ onCode }: { onCode: (text: string) => void }) {
  const [state, setState] = useState<'off' | 'starting' | 'on'>('off');
  const [problem, setProblem] = useState<string | null>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const stopRef = useRef<(() => void) | null>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  const aliveRef = useRef(true);

  useEffect(() => {
    aliveRef.current = true;
    return () => {
      aliveRef.current = false;
      stopRef.current?.();
    };
  }, []);

  async function start(): Promise<void> {
    setProblem(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem("La caméra n'est pas accessible depuis cette page. Utilisez une douchette ou la saisie du code.");
      return;
    }
    setState('starting');
    let stream: MediaStream | null = null;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      const decode = await qrDecoder();
      const video = videoRef.current;
      if (!video) throw new Error('no video element');
      video.srcObject = stream;
      await video.play();
      const canvas = document.createElement('canvas');
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) throw new Error('no 2D canvas');
      const lastSeen = new Map<string, number>();
      let stopped = false;
      let timer = 0;
      const tracks = stream.getTracks();
      const read = async (): Promise<void> => {
        if (stopped) return;
        if (video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
          const scale = Math.min(1, FRAME_WIDTH / video.videoWidth);
          canvas.width = Math.round(video.videoWidth * scale);
          canvas.height = Math.round(video.videoHeight * scale);
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          const text = await decode(canvas);
          if (text && !stopped) {
            const now = Date.now();
            const previous = lastSeen.get(text);
            lastSeen.set(text, now);
            if (previous === undefined || now - previous > OUT_OF_SIGHT_MS) {
              navigator.vibrate?.(60);
              onCodeRef.current(text);
            }
          }
        }
        if (!stopped) timer = window.setTimeout(() => void read(), FRAME_INTERVAL_MS);
      };
      stopRef.current = () => {
        stopped = true;
        window.clearTimeout(timer);
        for (const track of tracks) track.stop();
        video.srcObject = null;
      };
      // The page may have been left while the camera was starting.
      if (!aliveRef.current) return stopRef.current();
      setState('on');
      void read();
    } catch (error) {
      for (const track of stream?.getTracks() ?? []) track.stop();
      setProblem(cameraProblem(error));
      setState('off');
    }
  }

  function stop(): void {
    stopRef.current?.();
    stopRef.current = null;
    setState('off');
  }

  return (
    <div className="camera">
      {state === 'off' ? (
        <button type="button" className="button button--secondary button--wide" onClick={() => void start()}>
          Scanner avec la caméra
        </button>
      ) : (
        <button type="button" className="button button--secondary button--wide" onClick={stop} disabled={state === 'starting'}>
          {state === 'starting' ? 'Démarrage de la caméra…' : 'Arrêter la caméra'}
        </button>
      )}
      {state === 'on' ? <p className="hint">Caméra active : présentez le QR code d'un chèque devant l'objectif, bien à plat.</p> : null}
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {/* Only a preview for the eyes: what it reads is announced with the list of cheques. */}
      <video ref={videoRef} className="camera__preview" muted playsInline aria-hidden="true" hidden={state === 'off'} />
    </div>
  );
}
