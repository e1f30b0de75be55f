"""Flag summaries that describe another paper (issue 18).

Some Korean summaries upstream were written about something else: a generic write-up ("a new
Transformer with better attention improves GLUE by 15 %") or a conference's formatting
instructions, under a real paper's title. They cluster in June–October 2024. This module gives
each paper a score in [0, 1], a flag and a one-sentence English reason, from the paper and the
other papers of its day only: no network, no model, pure string work (about 50–100 µs a paper).

The signals, each a number in [0, 1]:

``missing`` (weight 0.55)
    The weighted share of the title's distinctive terms found nowhere in the summary. Terms are
    the title's English words minus stopwords and a list of words nearly every title in the
    field uses ("model", "efficient", "towards", "rethinking"); hyphenated words count by part.
    A term is found as itself, by a crude stem ("filtration" → "filtra"), or through its usual
    Korean renderings (video → 비디오/영상/동영상, diffusion → 확산/디퓨전; about 400 stems).
    Names (mixed case, capitals, digits: ``LlamaGen``, ``MLCM``, ``4Real``; or the single word
    before a colon) count twice: a genuine summary nearly always repeats the paper's name. This
    is the defining symptom, so it carries most of the weight; a title that is one plain word
    counts half, as one word decides little.

``named`` (weight 0.20)
    "Claims with no named method": the summary's English terms are textbook jargon (CNN, GAN,
    Transformer, BERT, GPT-3, Gradient Descent, ...) and no specific name. 1 when it uses jargon
    and names nothing; else the jargon's excess over specific names in steps of 1/8; 0.5 when it
    has no English at all (summaries before mid-2024 are often all Korean, so absence of names
    proves little there).

``template`` (weight 0.25)
    Stock phrases of the invented write-ups ("이번 아카이브(arXiv) 논문은", "새로운 머신러닝
    모델", "기존 모델 대비 30 % 향상"): half for one, full for two or more. Conference formatting
    instructions (two or more cues among OpenReview, camera-ready, margins, fonts, page limits,
    submission rules, style files) are decisive: the score is 1.

``elsewhere`` (weight 0.15)
    The summary names another paper of the same day and finds that paper's title (≥ 60 % of its
    terms) clearly better than its own (by 0.3 or more): a summary shifted by one entry. Checked
    only when the own title is mostly missing, so it costs little.

``score = 0.55 * missing + 0.20 * named + 0.25 * template + 0.15 * elsewhere`` (capped at 1) and
a paper is suspect at ``score >= 0.5``. The weights are round numbers chosen so that no single
weak signal can flag a paper: ``missing`` alone must be near total (≥ 0.91; ≥ 0.73 for a summary
all in Korean, which counts half on ``named``) to pass 0.5, which
happens for whimsical titles ("Generative Powers of Ten") only together with a nameless
summary; any partial match of the title needs jargon or filler to be flagged. Invented
write-ups score 0.55–1 (they miss all or nearly all of their title and are jargon), genuine
summaries mostly 0–0.3.

Measured on the hand-labelled set (tests/data/suspect_labels.csv: every paper of the June–
October 2024 digests, 130 drawn at random from the other digests, and the two other papers
the check flags, each judged by reading title and summary): precision 97 % (33 of 34 flagged),
recall 100 % (33 of 33 mismatches), 0.2 % of genuine summaries flagged, 2.4 % of all 1,392 real
papers flagged. The weights and the Korean word list were tuned by looking at these same
digests, so expect somewhat lower figures on unseen ones. ``python -m bench.suspect_eval``
prints the figures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .model import Paper
from .text import clean, fold, truncate

THRESHOLD = 0.5
W_MISSING, W_NAMED, W_TEMPLATE, W_ELSEWHERE = 0.55, 0.20, 0.25, 0.15


@dataclass(frozen=True, slots=True)
class Verdict:
    """The check's result for one paper: a score in [0, 1], the flag, and why (None if not flagged)."""

    score: float
    suspect: bool
    reason: str | None


# --- title terms -----------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-+.]*[A-Za-z0-9+]|[A-Za-z0-9]")
_STOP = frozenset(
    """a an the of for with via in on and or to from by at as is are be can do does not no its it
    your you we our us all any into onto over under than that this these those what when where which
    who why how more less most very just only one two three new towards toward beyond without through
    using use based vs versus like need needed just make making made let lets get gets really truly
    between across about up out down off then so if but also each every own other others""".split()
)
# Words nearly every title in the field uses: finding them proves nothing, missing them little.
_GENERIC = frozenset(
    """model models modeling modelling large language languages llm llms learning learn learns approach
    method methods framework frameworks system systems task tasks study towards via paper work
    improving improve improves improved enhancing enhance enhanced better efficient efficiently
    effective simple scalable scaling general generalist unified novel deep neural network networks
    data ai performance results analysis comprehensive dynamic complex accurate diverse universal exploring
    explore rethinking rethink building build report technical leveraging leverage bridging bridge single
    flexible matter matters capability capabilities automated automatic unleashing unifying unify unified
    advancing advance insight insights robust challenge challenges challenging direct unlocking unlock strong
    compact fully paradigm democratizing precise gap free analyzing analysing taming tame enabling enable
    enables worth strategies strategy yet best secretly look limits limit abilities ability assessment
    applications application revisiting revisit perspective minimal boosting boost joint customized shared
    seconds well redefining mitigate mitigating solution solutions explicit suite comparative integrating
    extremely multiple before many family progress techniques technique breaking break achieve achieving
    against systematic play difficult advanced harnessing harness scratch case know potential they see
    massive both detailed effects effect have me don't think better high low super ultra tiny fast faster
    empowering empower lessons practices practical generalist powerful next towards key simple step steps
    can't is it all what really training deeper""".split()
)
# A few Korean renderings for title words: a Korean summary of a paper "on video diffusion" says
# 비디오/영상 and 확산/디퓨전, not "video" and "diffusion". Keys are stems (prefix match).
_KOREAN: dict[str, tuple[str, ...]] = {
    "video": ("비디오", "영상", "동영상"), "image": ("이미지", "영상", "사진"), "diffusion": ("확산", "디퓨전"),
    "generat": ("생성",), "reason": ("추론",), "benchmark": ("벤치마크", "평가"), "agent": ("에이전트",),
    "robot": ("로봇",), "speech": ("음성", "발화", "스피치"), "audio": ("오디오", "음향", "소리"),
    "music": ("음악",), "retriev": ("검색",), "align": ("정렬",), "reinforc": ("강화",),
    "dataset": ("데이터셋", "데이터 세트", "데이터세트", "데이터 셋"), "train": ("훈련", "학습"),
    "evaluat": ("평가",), "vision": ("비전", "시각"), "visual": ("시각", "비주얼", "비전"),
    "multimodal": ("멀티모달", "다중 모달", "다중모달", "멀티 모달", "다중 모드"), "scene": ("장면", "씬"),
    "text": ("텍스트", "문자"), "code": ("코드",), "math": ("수학",), "long": ("긴", "장문", "롱", "장기"),
    "context": ("문맥", "맥락", "컨텍스트"), "attention": ("어텐션", "주의"), "edit": ("편집", "수정"),
    "inferenc": ("추론",), "quantiz": ("양자화",), "compress": ("압축",), "sparse": ("희소", "스파스"),
    "sparsity": ("희소", "스파스"), "expert": ("전문가",), "mixture": ("혼합",), "preferenc": ("선호",),
    "reward": ("보상",), "human": ("인간", "사람", "휴먼"), "feedback": ("피드백",), "search": ("검색", "탐색"),
    "tree": ("트리", "나무"), "plan": ("계획", "플래닝", "플래너"), "memory": ("메모리", "기억"),
    "knowledge": ("지식",), "graph": ("그래프",), "question": ("질문", "질의"), "answer": ("답변", "응답", "답"),
    "detect": ("탐지", "감지", "검출"), "segment": ("분할", "세그멘테이션", "세분화"), "depth": ("깊이", "심도"),
    "estimat": ("추정",), "reconstruct": ("재구성", "복원"), "synthes": ("합성",), "view": ("뷰", "시점", "관점"),
    "render": ("렌더링",), "gaussian": ("가우시안",), "splat": ("스플래팅",), "motion": ("모션", "움직임", "동작"),
    "face": ("얼굴",), "facial": ("얼굴",), "avatar": ("아바타",), "anima": ("애니메이", "움직"), "style": ("스타일", "화풍"),
    "transfer": ("전이", "전송", "이전"), "personaliz": ("개인화", "맞춤"), "instruct": ("지시", "명령", "인스트럭션", "지침"),
    "tuning": ("튜닝", "조정"), "medic": ("의료", "의학"), "clinic": ("임상",), "multilingual": ("다국어", "다언어", "다중 언어"),
    "translat": ("번역",), "safe": ("안전",), "privacy": ("개인정보", "개인 정보", "프라이버시"), "secur": ("보안",),
    "survey": ("조사", "서베이", "리뷰", "검토"), "understand": ("이해",), "world": ("세계", "월드"),
    "simulat": ("시뮬레이",), "policy": ("정책",), "optimi": ("최적화",), "control": ("제어", "컨트롤", "조절"),
    "token": ("토큰",), "embedding": ("임베딩",), "represent": ("표현",), "predict": ("예측",), "forecast": ("예측",),
    "hallucinat": ("환각",), "judge": ("판사", "심사", "평가"), "open": ("오픈", "개방", "공개"),
    "foundation": ("기초", "기반", "파운데이션"), "small": ("소형", "작은", "소규모"), "parameter": ("파라미터", "매개변수"),
    "layer": ("레이어", "계층", "층"), "consisten": ("일관",), "object": ("객체", "물체", "오브젝트"),
    "document": ("문서",), "chart": ("차트",), "table": ("표", "테이블"), "web": ("웹",), "mobile": ("모바일",),
    "game": ("게임",), "chess": ("체스",), "material": ("재료", "소재", "재질"), "molecul": ("분자",),
    "protein": ("단백질",), "cell": ("세포", "셀"), "physic": ("물리",), "sound": ("소리", "사운드", "음향"),
    "voice": ("음성", "목소리"), "song": ("노래",), "dialog": ("대화",), "conversation": ("대화",), "chat": ("채팅", "대화"),
    "story": ("이야기", "스토리"), "character": ("캐릭터", "인물"), "recommend": ("추천",), "classif": ("분류",),
    "captio": ("캡션",), "spatial": ("공간",), "temporal": ("시간",), "time": ("시간",), "fast": ("빠른", "빠르", "고속", "가속"),
    "accelerat": ("가속",), "distill": ("증류", "디스틸"), "merg": ("병합", "합치", "머지"), "prompt": ("프롬프트",),
    "program": ("프로그램",), "tool": ("도구", "툴"), "evolut": ("진화",), "self": ("자기", "자체", "스스로", "셀프"),
    "zero-shot": ("제로샷", "제로 샷"), "few-shot": ("퓨샷", "소수"), "high": ("고",), "resolution": ("해상도",),
    "quality": ("품질",), "synthetic": ("합성",), "real": ("실제", "현실"), "noise": ("노이즈", "잡음"),
    "noisy": ("노이즈", "잡음"), "light": ("조명", "빛", "경량"), "relight": ("재조명", "리라이팅"),
    "panoram": ("파노라마",), "shape": ("형태", "모양"), "mesh": ("메쉬", "메시"), "point": ("포인트", "점"),
    "cloud": ("클라우드",), "navigation": ("탐색", "내비게이션"), "manipulat": ("조작",), "hand": ("손",),
    "body": ("신체", "몸"), "pose": ("자세", "포즈"), "driving": ("주행", "운전"), "autonom": ("자율",),
    "driven": ("기반", "구동"), "guid": ("가이드", "안내", "유도", "지침"), "correct": ("수정", "교정"),
    "error": ("오류", "에러"), "verif": ("검증",), "proof": ("증명",), "theorem": ("정리",), "solv": ("해결", "풀"),
    "problem": ("문제",), "scien": ("과학",), "research": ("연구",), "discover": ("발견",), "chemi": ("화학",),
    "drug": ("약물", "신약"), "health": ("건강",), "patient": ("환자",), "legal": ("법률", "법적"), "financ": ("금융",),
    "news": ("뉴스",), "cultur": ("문화",), "moral": ("도덕",), "value": ("가치",), "bias": ("편향", "바이어스"),
    "toxic": ("독성", "유해"), "attack": ("공격",), "jailbreak": ("탈옥",), "red": ("레드",), "teaming": ("팀",),
    "unlearn": ("언러닝", "잊", "삭제"), "contamina": ("오염",), "leak": ("누출", "유출"), "ethic": ("윤리",),
    "trust": ("신뢰",), "honest": ("정직",), "persua": ("설득",), "decod": ("디코딩", "해독", "디코더"),
    "encod": ("인코딩", "인코더"), "autoregress": ("자기회귀", "자동회귀", "오토리그레", "자가회귀", "자기 회귀"),
    "recurren": ("순환", "반복", "재귀"), "recursive": ("재귀",), "linear": ("선형",), "cache": ("캐시",),
    "kernel": ("커널",), "hardware": ("하드웨어",), "edge": ("엣지", "에지", "가장자리"), "device": ("기기", "장치", "디바이스"),
    "federat": ("연합", "페더레이"), "distribut": ("분산", "분포"), "paralle": ("병렬",), "pipeline": ("파이프라인",),
    "curat": ("큐레이",), "filter": ("필터",), "select": ("선택",), "sampl": ("샘플", "표본"), "augment": ("증강",),
    "adapt": ("적응", "어댑"), "continual": ("지속", "연속"), "transform": ("변환", "트랜스포머", "변형"),
    "matching": ("매칭", "정합"), "flow": ("흐름", "플로우"), "calibrat": ("보정", "교정"),
    "uncertain": ("불확실",), "interpret": ("해석",), "explain": ("설명",), "circuit": ("회로", "서킷"),
    "mechanis": ("메커니즘",), "emergen": ("출현", "창발"), "law": ("법칙",), "chain": ("체인", "연쇄"),
    "thought": ("사고", "생각"), "thinking": ("사고", "생각", "싱킹"), "step": ("단계", "스텝"),
    "process": ("과정", "프로세스"), "outcome": ("결과",), "critic": ("비평", "크리틱"), "collaborat": ("협업", "협력"),
    "interact": ("상호작용", "인터랙"), "user": ("사용자",), "interface": ("인터페이스",), "screen": ("화면", "스크린"),
    "app": ("앱",), "computer": ("컴퓨터",), "operating": ("운영",), "file": ("파일",), "sql": ("sql",),
    "queri": ("쿼리", "질의"), "query": ("쿼리", "질의"), "rank": ("순위", "랭킹", "랭크"), "length": ("길이",),
    "output": ("출력",), "input": ("입력",), "sequence": ("시퀀스", "순서", "서열"), "order": ("순서",),
    "frame": ("프레임",), "shot": ("샷",), "camera": ("카메라",), "lens": ("렌즈",), "color": ("색", "컬러"),
    "colori": ("색", "컬러"), "texture": ("텍스처", "질감"), "sketch": ("스케치",), "lineart": ("라인아트",),
    "comic": ("만화",), "manga": ("만화",), "art": ("예술", "아트"), "design": ("디자인", "설계"),
    "poster": ("포스터",), "font": ("폰트", "글꼴"), "typograph": ("타이포",), "illustrat": ("일러스트",),
    "city": ("도시",), "urban": ("도시",), "indoor": ("실내",), "outdoor": ("실외", "야외"), "map": ("지도", "맵"),
    "satellite": ("위성",), "remote": ("원격",), "earth": ("지구",), "weather": ("날씨", "기상"), "climate": ("기후",),
    "energy": ("에너지",), "astronom": ("천문",), "cosmo": ("우주",), "chemical": ("화학",), "biolog": ("생물",),
    "gene": ("유전",), "brain": ("뇌",), "eeg": ("뇌파",), "emotion": ("감정", "감성"), "sentiment": ("감성", "감정"),
    "social": ("사회",), "econom": ("경제",), "market": ("시장",), "educat": ("교육",), "student": ("학생",),
    "teach": ("교사", "가르", "교육"), "tutor": ("튜터", "교사"), "exam": ("시험",), "olympiad": ("올림피아드",),
    "puzzle": ("퍼즐",), "riddle": ("수수께끼",), "humor": ("유머",), "joke": ("농담",),
}
_KOREAN.update({
    "latent": ("잠재", "latent"), "pre-train": ("사전 학습", "사전학습", "사전 훈련", "사전훈련", "프리트레인"),
    "pretrain": ("사전 학습", "사전학습", "사전 훈련", "사전훈련", "프리트레인"), "space": ("공간",),
    "grounding": ("그라운딩", "근거", "기반", "접지"), "real-time": ("실시간",), "high-fidelity": ("고충실도", "고품질", "고화질", "충실"),
    "test-time": ("테스트 시", "테스트 시간", "테스트-타임", "테스트 타임", "추론 시간", "테스트 단계", "테스트타임"),
    "dynamic": ("동적", "역동", "다이나믹"), "generaliz": ("일반화",), "capabilit": ("능력",), "baseline": ("베이스라인", "기준"),
    "information": ("정보",), "semantic": ("의미", "시맨틱"), "natural": ("자연",), "prior": ("사전", "프라이어", "prior"),
    "embodied": ("체화", "구현", "임바디드", "구체화"), "assistant": ("어시스턴트", "보조", "비서"), "machine": ("기계", "머신"),
    "percep": ("인식", "지각", "인지"), "refine": ("정제", "개선", "리파인"), "content": ("콘텐츠", "컨텐츠", "내용"),
    "hierarch": ("계층",), "source": ("소스",), "fine-grained": ("세밀", "세분화", "미세"), "environment": ("환경",),
    "compute": ("계산", "컴퓨팅", "연산"), "computation": ("계산", "연산"), "software": ("소프트웨어",),
    "trajector": ("궤적", "경로"), "versatil": ("다재다능", "다목적", "다양"), "offline": ("오프라인",), "online": ("온라인",),
    "empiric": ("실증", "경험"), "architect": ("아키텍처", "구조"), "concept": ("개념",), "vector": ("벡터",),
    "modalit": ("모달리티", "양식", "모달"), "photoreal": ("사실적", "포토리얼", "실사"), "strateg": ("전략",),
    "geometr": ("기하",), "part": ("부분", "파트"), "composit": ("구성", "조합", "합성"), "platform": ("플랫폼",),
    "state": ("상태",), "efficien": ("효율",), "creativ": ("창의", "창작"), "hybrid": ("하이브리드", "혼합"),
    "divers": ("다양",), "complexit": ("복잡",), "structur": ("구조",), "domain": ("도메인", "분야", "영역"),
    "end-to-end": ("엔드투엔드", "엔드 투 엔드", "종단"), "wild": ("야생", "실제", "현실"), "recogni": ("인식",),
    "radiance": ("방사", "래디언스", "radiance"), "feature": ("특징", "피처", "특성"), "communicat": ("소통", "통신", "커뮤니케이션"),
    "head": ("헤드", "머리"), "action": ("행동", "동작", "액션"), "digital": ("디지털",), "adaptive": ("적응",),
    "vocabular": ("어휘",), "processing": ("처리",), "steer": ("조종", "스티어링", "조정"), "restor": ("복원",),
    "field": ("필드", "장"), "monocular": ("단안", "단일 카메라", "모노큘러"), "contrastive": ("대조",),
    "interleav": ("인터리브", "교차", "인터리빙"), "metric": ("지표", "메트릭", "척도"), "optimal": ("최적",),
    "accura": ("정확",), "extract": ("추출",), "engineer": ("엔지니어링", "공학", "엔지니어"), "arabic": ("아랍",),
    "chinese": ("중국",), "korean": ("한국",), "japanese": ("일본",), "indic": ("인도",), "fusion": ("융합", "결합", "퓨전"), "fuse": ("융합", "결합"),
    "explor": ("탐색", "탐험", "탐구"), "select": ("선택",), "weight": ("가중치", "웨이트"), "billion": ("억", "billion"),
    "thousand": ("천",), "million": ("만", "million"), "corpus": ("코퍼스", "말뭉치"), "multi-view": ("다중 뷰", "다중 시점", "멀티뷰", "멀티 뷰", "다시점"),
    "open-source": ("오픈 소스", "오픈소스", "공개"), "large-scale": ("대규모", "대형"), "high-quality": ("고품질",),
    "in-context": ("인-컨텍스트", "문맥 내", "인컨텍스트", "맥락 내", "컨텍스트 내", "상황 내", "in-context"),
    "long-context": ("긴 문맥", "장문", "긴 컨텍스트", "롱컨텍스트", "장문맥", "긴 맥락"), "low-resource": ("저자원", "리소스가 적은", "자원이 부족", "저리소스"),
    "real-world": ("실제", "현실"), "cross-lingual": ("교차 언어", "다국어", "언어 간", "크로스링구얼"), "zero": ("제로", "0"),
    "scale": ("규모", "스케일", "확장"), "high-resolution": ("고해상도",), "multi-modal": ("멀티모달", "다중 모달", "다중모달", "멀티 모달"),
    "vision-language": ("비전-언어", "시각-언어", "비전 언어", "시각 언어", "비전-랭귀지", "vlm"), "text-to": ("텍스트",),
    "self-supervised": ("자기 지도", "자기지도", "자가 지도", "자율 지도", "셀프-슈퍼", "자기감독", "자기 감독"),
    "unsupervised": ("비지도", "비감독", "무감독"), "supervis": ("지도", "감독"), "few": ("소수", "퓨샷", "적은"),
    "one-shot": ("원샷", "단일", "한 장", "하나의"), "any": ("모든", "임의"), "everything": ("모든", "무엇이든"),
    "deceptive": ("기만",), "persist": ("지속",), "surgeon": ("외과", "서전"), "herd": ("무리",), "ensemble": ("앙상블",),
    "introspect": ("내성", "자기성찰", "성찰"), "opinion": ("의견",), "second": ("두 번째", "2차", "제2"),
    "words": ("단어", "말"), "number": ("숫자", "수치", "개수"), "count": ("개수", "세", "카운트", "수를"),
    "chaos": ("혼돈", "카오스"), "intelligen": ("지능",), "mining": ("마이닝", "채굴"), "restoration": ("복원",),
    "identit": ("정체성", "신원", "아이덴티티"), "storytell": ("스토리", "이야기"), "listen": ("듣", "청취"),
    "music": ("음악",), "review": ("리뷰", "검토", "평가"), "moderation": ("검열", "모더레이션", "중재", "조정"), "ads": ("광고",),
    "compress": ("압축",), "order": ("순서", "차수"), "imbalanc": ("불균형",), "presence": ("존재",),
    "learner": ("학습자", "학습기", "학습"), "linear": ("선형",), "clustering": ("클러스터링", "군집"), "curation": ("큐레이션", "선별"),
    "careful": ("신중", "면밀"), "examin": ("검토", "조사", "검사"), "grade": ("학년", "초등"), "school": ("학교", "초등"),
    "arithmetic": ("산술", "산수"), "introduction": ("소개", "입문"), "practice": ("실천", "관행", "사례"), "lesson": ("교훈",),
    "constrain": ("제약", "제한"), "evolv": ("진화",), "mix": ("혼합", "믹싱", "믹스"), "bivariate": ("이변량", "양자", "이변수"),
    "regress": ("회귀",), "capable": ("능력", "가능"), "cognit": ("인지",), "behavio": ("행동",), "four": ("4", "네 가지", "넷"),
    "five": ("5", "다섯"), "choice": ("선택", "다지선다", "객관식"), "pay": ("지불", "비용", "결제"), "audit": ("감사", "검사", "감시", "점검"),
    "substitut": ("대체", "치환"), "fact": ("팩트", "사실"), "checker": ("체커", "검증", "확인"), "checking": ("체킹", "검증", "확인"),
    "explainab": ("설명 가능", "설명"), "power": ("거듭제곱", "힘", "파워"), "ten": ("10", "열"), "reduced": ("축소", "감소"),
})


def _korean(word: str) -> tuple[str, ...]:
    """The Korean renderings of the longest dictionary stem that starts ``word``."""
    for end in range(len(word), 2, -1):
        found = _KOREAN.get(word[:end])
        if found is not None:
            return found
    return ()


def _stem(word: str) -> str:
    """A crude English stem good enough for substring matching: at most 6 letters, no plural s."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:6] if len(word) > 7 else word


_SPLIT = re.compile(r"[-+.]")
_DIGIT = re.compile(r"\d")


def _is_name(token: str) -> bool:
    """A model or method name: mixed case (LlamaGen), capitals (MLCM), digits (4Real, Llama3)."""
    if len(token) > 1 and _DIGIT.search(token):
        return True
    for part in _SPLIT.split(token):
        # Title case ("Diffusion", "Zero-Shot") is not a name; a capital after the first letter is.
        if len(part) > 1 and part[1:] != part[1:].lower():
            return True
        if part and part[0].islower() and part != part.lower():
            return True  # iPhone, xLSTM, mPLUG
    return False


@dataclass(frozen=True, slots=True)
class _Term:
    shown: str  # as written in the title, for the reason
    needles: tuple[str, ...]  # folded strings any of which counts as present
    weight: int


def _word_needles(folded: str) -> tuple[str, ...]:
    needles = {folded, _stem(folded), *_korean(folded)}
    return tuple(sorted(needles, key=len))


@lru_cache(maxsize=65536)
def _token_terms(word: str, head: bool) -> tuple[_Term, ...]:
    """The terms one title word contributes (none, one, or one per part of a hyphenated word).

    Cached: titles share most of their words, so cold indexing computes each word once.
    """
    folded = fold(word)
    if folded in _STOP or folded in _GENERIC or (len(folded) < 2 and not folded.isdigit()):
        return ()
    if head or _is_name(word):
        # "Spider2-V" is also found as "spider2"; "LLaMA-Berry" as "llama-berry" or "berry".
        parts = {p for p in _SPLIT.split(folded) if (len(p) >= 3 or (len(p) == 2 and _DIGIT.search(p))) and p not in _STOP and p not in _GENERIC}
        return (_Term(word, tuple(sorted({folded, *parts}, key=len)), 2),)
    if folded.isdigit():
        return ()
    if "-" in folded and not _korean(folded):
        return tuple(
            _Term(shown, _word_needles(part), 1)
            for shown, part in zip(word.split("-"), folded.split("-"), strict=False)
            if len(part) >= 2 and part not in _STOP and part not in _GENERIC and not part.isdigit()
        )
    return (_Term(word, _word_needles(folded), 1),)


def _title_terms(title: str) -> list[_Term]:
    """The title's distinctive terms, each once; the single word before a colon counts as a name."""
    head = title.split(":", 1)[0] if ":" in title else ""
    head_words = _WORD.findall(head)
    single_head = head_words[0].strip("'’.-+") if len(head_words) == 1 else None
    terms: list[_Term] = []
    seen: set[str] = set()
    for token in _WORD.findall(title):
        word = token.strip("'’.-+")
        for term in _token_terms(word, word == single_head):
            key = term.shown.casefold()
            if key not in seen:
                seen.add(key)
                terms.append(term)
    return terms


def _present(term: _Term, text: str) -> bool:
    return any(map(text.__contains__, term.needles))


# --- summary signals -------------------------------------------------------------------------

# Cues of conference formatting instructions, matched in the folded summary, grouped under a
# substring all cues of a group share (one cheap test skips a whole group). One cue alone is
# ordinary (a paper may mention LaTeX or a submission); two or more are instructions.
_FORMATTING: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("제출", ("제출 지침", "제출 방식", "제출 마감", "제출 규정", "제출 요건", "제출 형식", "논문 제출", "익명 제출")),
    ("페이지", ("페이지 제한", "페이지 한도", "페이지 수", "페이지 분량", "페이지 번호")),
    ("형식", ("형식 지침", "형식 요구", "형식 규정")),
    ("포맷", ("포맷 지침", "포맷팅 지침")),
    ("레디", ("카메라 레디", "카메라레디")),
    ("camera", ("camera-ready", "camera ready")),
    ("여백", ("여백",)), ("글꼴", ("글꼴",)), ("폰트 크기", ("폰트 크기",)), ("font size", ("font size",)),
    ("page limit", ("page limit",)), ("submission", ("submission",)), ("스타일 파일", ("스타일 파일",)),
    ("latex", ("latex",)), ("저자 지침", ("저자 지침",)), ("openreview", ("openreview",)), ("iclrfinalcopy", ("iclrfinalcopy",)),
)
# Filler of the invented write-ups, each pattern led by a literal (fast to search) and tried only
# when its cheap prerequisite substring is present. Matched against the folded summary.
_FILLER: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("arxiv", re.compile(r"(?:이번|최근|새로운|최신) ?(?:아카이브 ?\(arxiv\)|arxiv)|arxiv(?:에 (?:게시|발표|게재|올라온)된?)? 논문(?:은|에서는|이)")),
    ("아카이브", re.compile(r"(?:이번|최근|새로운|최신) 아카이브|아카이브\s*\(arxiv\)\s*(?:에 (?:게시|발표|게재)된 )?논문")),
    ("새로운 ", re.compile(r"새로운 (?:머신 ?러닝|딥 ?러닝|기계 학습|인공지능|ai) ?(?:\([^)]*\) ?)?(?:모델|알고리즘|아키텍처|기법)")),
    ("최신 ", re.compile(r"최신 (?:인공지능|ai|머신 ?러닝|딥 ?러닝)(?: \([^)]*\))? (?:모델|알고리즘|기술)")),
    ("혁신적인 ", re.compile(r"혁신적인 (?:인공지능|ai|머신 ?러닝|딥 ?러닝)(?: \([^)]*\))? (?:모델|알고리즘|기술)")),
    ("%", re.compile(r"기존 (?:모델|알고리즘|방법)(?:들)?(?:에 비해| 대비)[^.。]{0,30}\d+ ?% ?(?:이상 )?(?:더 )?(?:향상|개선|빠른)")),
)


# Any group's substring: one scan finds that a summary has none (nine in ten do), where a test
# per group is seventeen scans (4 against 8 µs a summary).
_ANY_FORMATTING = re.compile("|".join(re.escape(key) for key, _ in _FORMATTING))


def _formatting_cues(text: str) -> int:
    if _ANY_FORMATTING.search(text) is None:
        return 0
    return sum(cue in text for key, cues in _FORMATTING if key in text for cue in cues)


def _fillers(text: str) -> int:
    return sum(len(pattern.findall(text)) for key, pattern in _FILLER if key in text)


# A letter-led or digit-led token. The lookahead names the first character's class up front, which
# lets the regex engine skip to candidates with its charset scan instead of trying both branches
# at every character of a mostly Korean summary: the same tokens, found ~35% faster.
_NAME_TOKEN = re.compile(r"(?=[A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9\-+.]*[A-Za-z0-9+]|[0-9]+[A-Za-z][A-Za-z0-9\-]*)")
# Textbook names an invented write-up drops; a real summary names something beyond them.
_TEXTBOOK = frozenset(
    fold(w)
    for w in """AI ML DL NLP NLU NLG CV RL CNN CNNs RNN RNNs LSTM GRU GAN GANs VAE VAEs MLP MLPs BERT GPT GPT-2 GPT-3 GPT-4
    Transformer Transformers LLM LLMs LM LMs SOTA API GPU GPUs CPU PPO DQN MAML SGD GD Adam ALR Q-Learning
    ReLU Softmax ImageNet GLUE SuperGLUE CIFAR CIFAR-10 MNIST Big Data Deep Learning Machine Learning Neural Network
    Attention Mechanism Self-Attention Encoder Decoder Encoder-Decoder AutoEncoder Autoencoder Variational Generative
    Adversarial Convolutional Recurrent Reinforcement Learning Natural Language Processing Artificial Intelligence
    Regularization Technique Overfitting Gradient Descent Adaptive Rate Data Augmentation Fine-tuning Fine-Tuning
    Prompt Engineering Baseline Benchmark Task Meta Policy Optimization Proximal Gradient Networks Network Learning
    Model Models Algorithm Vision Language Image Classification Processing Accuracy Precision Recall F1 Speed
    Efficiency Multi-Label Dataset Datasets Hybrid Feature Features Loss Function Pre-training Pretraining Training
    Sequence Seq2Seq Text Generation Mechanism Computer Architecture Self-Supervised Supervised Unsupervised
    Transfer Zero-Shot Few-Shot Embedding Embeddings Tokenization Token Tokens Framework Frameworks Method Methods
    arXiv Arxiv Semi-Supervised Convolution Pooling Dropout Batch Normalization Layer Layers BLEU ROUGE
    Vector Quantized-Variational VQ-VAE TPU TPUs Python PyTorch TensorFlow""".split()
)


def _names(text: str, enough: int = 2) -> tuple[int, int]:
    """How many distinct specific names (capitals past the first letter, digits) and textbook
    names (CNN, Transformer) the summary uses, each counted no further than ``enough``."""
    specific: set[str] = set()
    textbook: set[str] = set()
    for token in _NAME_TOKEN.findall(text):  # a list made in C: half the time of finditer's match objects
        if token == token.lower() and not _DIGIT.search(token):
            continue
        folded = token.casefold()
        if folded in _TEXTBOOK:
            textbook.add(folded)
        else:
            specific.add(folded)
            if len(specific) >= enough:
                break
    return len(specific), min(len(textbook), enough)


@dataclass(frozen=True, slots=True)
class _Facts:
    title: str
    terms: list[_Term]
    text: str  # folded summary
    raw: str


def _facts(paper: Paper) -> _Facts:
    raw = "\n".join(bullet.text for _, bullet in paper.bullets())
    # casefold, not fold(): the text is NFC already (the parser cleans it) and NFKC costs time.
    return _Facts(paper.title, _title_terms(paper.title), raw.casefold(), raw)


def _coverage(terms: Sequence[_Term], text: str) -> tuple[float, list[str]]:
    """The weighted share of terms found in text, and the missing terms as written."""
    total = sum(t.weight for t in terms)
    if not total:
        return 1.0, []
    missing = [t for t in terms if not _present(t, text)]
    return 1.0 - sum(t.weight for t in missing) / total, [t.shown for t in missing]


def _judge(own: _Facts, day: Sequence[_Facts]) -> Verdict:
    if not own.text.strip():
        return Verdict(0.0, False, None)  # nothing to judge: an empty summary describes no paper
    covered, missing_terms = _coverage(own.terms, own.text)
    missing = 1.0 - covered
    if len(own.terms) == 1 and own.terms[0].weight == 1:
        missing *= 0.5  # one generic-ish word decides little
    specific, textbook = _names(own.raw, 12)
    # Textbook jargon without names is the invented write-up's mark (the Llama 3 one names
    # Gradient Descent, Adaptive Learning Rate, Regularization and nothing else): 1 when it names
    # nothing but jargon, else the jargon's excess over names in steps of 1/8. A summary all in
    # Korean (common before mid-2024) names little either way, so it counts half.
    if specific + textbook == 0:
        named = 0.5
    elif specific == 0 and textbook >= 2:
        named = 1.0
    else:
        named = min(1.0, max(0.0, (textbook - specific) / 8))
    cues = _formatting_cues(own.text)
    formatting = cues >= 2  # one cue ("LaTeX", "submission") is ordinary; several are instructions
    fillers = _fillers(own.text) + cues
    template = 1.0 if formatting else min(1.0, fillers / 2)
    elsewhere = 0.0
    better = None
    if covered < 0.5:
        own_names = {term.shown.casefold() for term in own.terms if term.weight == 2}
        for other in day:
            if other is own:
                continue
            # Another paper's name in this summary, and its title found much better than ours.
            if not any(t.weight == 2 and t.shown.casefold() not in own_names and _present(t, own.text) for t in other.terms):
                continue
            theirs, _ = _coverage(other.terms, own.text)
            if theirs >= 0.6 and theirs >= covered + 0.3:
                elsewhere, better = 1.0, other
                break
    if formatting:
        score = 1.0  # formatting instructions describe no paper at all
    else:
        score = min(1.0, W_MISSING * missing + W_NAMED * named + W_TEMPLATE * template + W_ELSEWHERE * elsewhere)
    suspect = score >= THRESHOLD
    reason = _reason(missing_terms, len(own.terms), named, formatting, fillers, better) if suspect else None
    return Verdict(round(score, 3), suspect, reason)


def _reason(missing_terms: list[str], terms: int, named: float, formatting: bool, fillers: int, better: _Facts | None) -> str:
    """One short English sentence saying why, for a user (cleaned: titles are data)."""
    parts = []
    shown = ", ".join(missing_terms[:3]) + (", …" if len(missing_terms) > 3 else "")
    if missing_terms and len(missing_terms) == terms:
        parts.append(f"none of the title's terms ({shown}) appear in the summary")
    elif missing_terms:
        parts.append(f"the summary never mentions {shown} from the title")
    if formatting:
        parts.append("it reads like conference formatting instructions")
    elif fillers:
        parts.append("it reads like a generic write-up (stock phrases)")
    elif named >= 0.75:
        parts.append("it names no specific method, model or dataset")
    if better is not None:
        parts.append(f"it fits another paper of the same day better ({truncate(better.title, 40)})")
    text = "; ".join(parts) or "the summary does not match the title"
    return clean(text[0].upper() + text[1:] + ".")


def check_day(papers: Sequence[Paper]) -> list[Verdict]:
    """One verdict per paper of one day (the same-day comparison needs the whole day), in order."""
    facts = [_facts(paper) for paper in papers]
    return [_judge(own, facts) for own in facts]


def check(paper: Paper, day: Sequence[Paper]) -> Verdict:
    """The verdict for ``paper``, compared with the other papers of ``day`` (which may include it)."""
    own = _facts(paper)
    others = [_facts(other) for other in day if other is not paper]
    return _judge(own, [own, *others])


def reasons(papers: Sequence[Paper]) -> list[str | None]:
    """For each paper (in order), why its summary may describe another paper, or None: checked
    day by day (a file can hold two days). What the catalog keeps with each row, and caches."""
    by_day: dict[object, list[int]] = {}
    for index, paper in enumerate(papers):
        by_day.setdefault(paper.date, []).append(index)
    found: list[str | None] = [None] * len(papers)
    for indexes in by_day.values():
        for index, verdict in zip(indexes, check_day([papers[i] for i in indexes]), strict=True):
            if verdict.suspect:
                found[index] = verdict.reason or "the summary does not match the title"
    return found
