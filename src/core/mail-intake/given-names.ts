// Common Norwegian given names. "Mannen min, Per Olav" looks like a full name (two capitalised
// words) but has no surname: a name made only of given names is not enough for a badge and the
// lists, so a person decides. Names that are also common surnames (Helle, Martin, Lund …) are
// left out, so that a real surname is never taken for a given name.
import { normalize } from './mail-text.ts';

const GIVEN_NAMES = new Set(
  `agnes aina alf anders andreas ane anette angelica anita ann anna anne arild arne astrid atle aud audun
  bente berit birgit bjørg bjørn bodil borghild brit britt bård camilla dag dagny egil eilif einar eirik elin
  elisabeth ellen emma erik erling espen eva even finn frode fredrik gaute geir gisle grete grethe gro gudrun
  gunhild gunn gunnar guri guro hallvard halvor hanna hanne hans harald hedda hege heidi helene helga helge
  henrik hilde håkon ida inga inge ingeborg inger ingrid ingunn ingvild ivar jan jarle johan johannes jon
  jorid jorunn jostein jørgen karen kari karin karoline ketil kirsten kjell kjersti kjetil knut kristian
  kristin kristine kåre laila lars lasse leif lene linda line linn liv lise magne magnus mari maria marie
  marianne marit mette mona morten nils nina nora odd oddbjørn oddny oddvar ola olav ole oskar ove per petter
  pål ragnar ragnhild randi reidar reidun rolf rune sara sigrid sigrun sigurd silje sindre siri sissel
  snorre solfrid solveig sondre stein steinar stian stine sturla svein sveinung sverre synnøve terje tone
  tonje tor torbjørn tore torill torstein tove trine trond trygve turid unni vegard vibeke vidar vigdis
  wenche åse åsmund øystein øyvind`.split(/\s+/),
);

/** Whether every word of `name` is a common given name ("Per Olav", "Anne Marie"). */
export function onlyGivenNames(name: string): boolean {
  const words = normalize(name)
    .split(/[\s-]+/)
    .filter((w) => w !== '');
  return words.length > 0 && words.every((w) => GIVEN_NAMES.has(w));
}
